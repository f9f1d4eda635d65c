package org.badit.examples.cli;

import com.google.gson.GsonBuilder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.EvaluationFiles;
import org.badit.superni.data.SuperNiLoader;
import org.badit.superni.metrics.Prediction;
import org.badit.superni.metrics.Reference;
import org.badit.superni.metrics.Rouge;
import org.badit.superni.metrics.RougeTokenizer;
import org.badit.superni.metrics.SuperNiEvaluator;
import org.badit.superni.metrics.Track;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code badit bench-superni}: ROUGE-L scoring throughput on the test tasks of a SuperNI folder, with the copy-input
 * baseline as predictions (long texts: the expensive case), printed as JSON.
 */
@Command(name = "bench-superni", mixinStandardHelpOptions = true,
        description = "Measure SuperNI ROUGE-L scoring throughput (instances/s) on a folder's test tasks.")
final class SuperniBenchCommand implements Callable<Integer>, JsonBenchmark {

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "SuperNI folder (tasks/ + splits/).")
    Path data;

    @Option(names = "--track", defaultValue = "default",
            description = "default or xlingual (default: ${DEFAULT-VALUE}).")
    String track;

    @Option(names = "--max-instances", defaultValue = "100",
            description = "Instances per task (default: ${DEFAULT-VALUE}).")
    int maxInstances;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed repetitions (default: ${DEFAULT-VALUE}).")
    int repeats;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(result()));
        return 0;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> result() throws Exception {
        List<SuperNiTask> tasks = SuperNiLoader.builder().setRoot(data).optTrack(track).optMaxInstances(maxInstances)
                .optSkipMissingTasks(true).build().load();
        Track t = Track.of(track);
        List<Reference> refs = EvaluationFiles.references(tasks, t);
        List<Prediction> preds = new ArrayList<>();
        for (SuperNiTask task : tasks) {
            for (Instance i : task.instances()) {
                preds.add(new Prediction(i.id(), i.input()));
            }
        }
        RougeTokenizer tokenizer = t.tokenizer();
        double checksum = rougeOnly(preds, refs, tokenizer); // warm-up: JIT, and the xlingual vocabulary load
        SuperNiEvaluator evaluator = SuperNiEvaluator.builder().build();
        evaluator.score(preds, refs);
        long best = Long.MAX_VALUE;
        long bestFull = Long.MAX_VALUE;
        for (int r = 0; r < repeats; r++) {
            long start = System.nanoTime();
            checksum = rougeOnly(preds, refs, tokenizer);
            best = Math.min(best, System.nanoTime() - start);
            start = System.nanoTime();
            evaluator.score(preds, refs);
            bestFull = Math.min(bestFull, System.nanoTime() - start);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("track", t.key());
        out.put("tasks", tasks.size());
        out.put("instances", refs.size());
        out.put("predictions", "copy_input");
        out.put("repeats", repeats);
        out.put("rougeL_mean", checksum / refs.size());
        out.put("rougeL_best_seconds", best / 1e9);
        out.put("rougeL_instances_per_s", refs.size() / (best / 1e9));
        out.put("full_evaluation_best_seconds", bestFull / 1e9);
        out.put("full_evaluation_instances_per_s", refs.size() / (bestFull / 1e9));
        out.put("threads", 1);
        out.put("java", System.getProperty("java.version"));
        return out;
    }

    /** ROUGE-L alone: tokenize the prediction once, then the max F over references. */
    private static double rougeOnly(List<Prediction> preds, List<Reference> refs, RougeTokenizer tokenizer) {
        double sum = 0;
        for (int k = 0; k < refs.size(); k++) {
            List<String> p = tokenizer.tokenize(preds.get(k).prediction());
            double best = 0;
            for (String ref : refs.get(k).references()) {
                best = Math.max(best, Rouge.rougeL(p, tokenizer.tokenize(ref)));
            }
            sum += best;
        }
        return sum;
    }
}
