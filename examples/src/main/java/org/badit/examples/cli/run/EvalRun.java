package org.badit.examples.cli.run;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.cli.config.RunConfigMapper;
import org.badit.core.adapter.AdapterFiles;
import org.badit.core.method.AdaptedModel;
import org.badit.core.eval.EvaluationResult;
import org.badit.core.eval.Evaluator;
import org.badit.core.model.DecoderLM;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.io.DirectoryLock;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.Split;
import org.badit.superni.metrics.ContinualMetrics;

/**
 * {@code badit eval}: decode the test split with a trained run's adapter (greedy, 50 new tokens, answer after the last
 * "Output:"), write {@code eval/predictions.jsonl} (official format) and {@code eval/metrics.json} (official keys), and
 * for sequential runs the accuracy matrix over the stage snapshots with Cl / Fgt / Bwt / Fwt
 * ({@code eval/continual.json}).
 */
public final class EvalRun {

    /** The evaluation directory of a validation pass ({@code eval_split: validation}), beside {@code eval/}. */
    public static final String VALIDATION_DIR = "eval-validation";

    private EvalRun() {}

    /**
     * What an evaluation produced.
     *
     * @param dir the evaluation directory
     * @param result predictions and the official report
     * @param tasks the task order (rows and columns of the accuracy matrix)
     * @param accuracy the accuracy matrix (ROUGE-L) of a sequential run, else null
     * @param continual Cl/Fgt/Bwt/Fwt of a sequential run, else null
     */
    public record Outcome(Path dir, EvaluationResult result, List<String> tasks, double[][] accuracy,
            ContinualMetrics continual) {}

    /**
     * Reads a run directory's effective settings.
     *
     * @param runDir the run directory
     * @return the settings it was trained with
     */
    public static RunConfig settingsOf(Path runDir) {
        Path file = runDir.resolve("config.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(runDir + ": not a training run (no config.json); run `badit train` "
                    + "first or pass --run DIR of one");
        }
        return RunConfig.load(file);
    }

    /**
     * Evaluates a run.
     *
     * @param c the settings (the run's, possibly overridden)
     * @param runDir the run directory
     * @param manager the manager of the weights
     * @param err where progress notes go
     * @return the outcome
     */
    public static Outcome run(RunConfig c, Path runDir, NDManager manager, PrintStream err) {
        if (GroupedRun.isGrouped(runDir)) {
            // Each group's evaluation locks its own directory; the merged files are written atomically.
            return GroupedRun.eval(c, runDir, manager, err);
        }
        // One writer per run directory: not while the run is still training, nor two evaluations at once.
        try (DirectoryLock lock = DirectoryLock.acquire(runDir)) {
            return evaluateLocked(c, runDir, manager, err);
        }
    }

    private static Outcome evaluateLocked(RunConfig c, Path runDir, NDManager manager, PrintStream err) {
        List<String> trainOrder = trainedTasks(runDir);
        boolean validation = validation(c);
        List<SuperNiTask> tests = inTrainingOrder(validation ? RunConfigMapper.validationTasks(c, "eval")
                : RunConfigMapper.tasks(c, Split.TEST, "eval"), trainOrder);
        Path modelDir = Paths.get(c.require("model", "eval"));
        Path out = runDir.resolve(validation ? VALIDATION_DIR : "eval");
        EvaluationResult result;
        try (NDManager scope = manager.newSubManager()) {
            ModelSession session = ModelSession.open(modelDir, scope);
            AdaptedModel adapted = AdapterFiles.load(session.model(), runDir.resolve("adapter"));
            String trained = c.string("method");
            if (!adapted.config().method().id().equals(trained)) {
                // A run directory whose adapter/ was replaced by another method's: never score it under this name.
                throw new IllegalArgumentException(runDir.resolve("adapter") + ": holds a "
                        + adapted.config().method().id() + " adapter, but the run's config.json says method '"
                        + trained + "'");
            }
            result = evaluator(c, session, session.model()).evaluate(tests);
        }
        result.writePredictions(out.resolve("predictions.jsonl"));
        result.writeMetrics(out.resolve("metrics.json"));
        result.writeThroughput(out.resolve("throughput.json"));
        err.printf("eval: rougeL %.4f, exact_match %.4f on %d tasks -> %s%n", result.report().overall().rougeL(),
                result.report().overall().exactMatch(), tests.size(), out);
        err.printf("eval: %s%n", result.throughput().summary());
        double[][] accuracy = null;
        ContinualMetrics continual = null;
        List<String> names = tests.stream().map(SuperNiTask::name).toList();
        Path stages = runDir.resolve("stages");
        // The accuracy matrix is a test-split measurement; a validation pass only picks hyperparameters.
        if (!validation && c.string("mode").equals("sequential") && Files.isDirectory(stages)) {
            List<SuperNiTask> seen = tests.stream().filter(t -> trainOrder.contains(t.name())).toList();
            if (seen.size() == trainOrder.size()) {
                // The matrix decodes the test split T + 1 times; continual_test_instances lets it use the first N
                // instances of each task (the same N for every row, so Fgt/Bwt compare like with like).
                int cap = c.integer("continual_test_instances");
                List<SuperNiTask> matrixTasks = cap <= 0 ? seen : seen.stream().map(t -> t.withInstances(
                        t.instances().subList(0, Math.min(cap, t.instances().size())))).toList();
                accuracy = accuracyMatrix(c, modelDir, stageDirs(stages), matrixTasks, manager, err);
                double[] baseline = zeroShot(c, modelDir, matrixTasks, manager);
                continual = ContinualMetrics.of(accuracy, baseline);
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("tasks", seen.stream().map(SuperNiTask::name).toList());
                json.put("accuracy_matrix_rougeL", accuracy);
                json.put("zero_shot_rougeL", baseline);
                json.put("continual_test_instances", cap <= 0 ? "all" : cap);
                // eval has no single-task runs, so it reports GEM's definitions with Fwt against the zero-shot score;
                // `compare --paradigms sequential --colla` reports the paper's (Bwt/Fwt over T, Fwt vs single-task).
                json.put("definition", "gem (Fwt against the zero-shot score)");
                json.put("Cl", continual.cl());
                json.put("Fgt", continual.fgt());
                json.put("Bwt", continual.bwt());
                json.put("Fwt", continual.fwt());
                AtomicFiles.writeString(out.resolve("continual.json"),
                        new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                                .toJson(json) + "\n");
            } else {
                err.println("eval: the test split lacks some trained tasks; no accuracy matrix");
            }
        }
        return new Outcome(out, result, names, accuracy, continual);
    }

    /**
     * Whether the settings ask to decode the validation split ({@code eval_split}).
     *
     * @param c the settings
     * @return true for {@code validation}, false for {@code test}
     * @throws IllegalArgumentException for any other value
     */
    public static boolean validation(RunConfig c) {
        return switch (c.string("eval_split")) {
            case "test" -> false;
            case "validation" -> true;
            default -> throw new IllegalArgumentException("eval_split must be test or validation, got '"
                    + c.string("eval_split") + "'");
        };
    }

    /**
     * An evaluator with the run's decoding settings.
     *
     * @param c the settings
     * @param session the tokenizer's session
     * @param model the (adapted) model
     * @return the evaluator
     */
    public static Evaluator evaluator(RunConfig c, ModelSession session, DecoderLM model) {
        return Evaluator.builder().setModel(model).setTokenizer(session.tokenizer()).optTemplate(RunConfigMapper.prompt(c))
                .optMaxNewTokens(c.integer("max_new_tokens")).optBatchSize(c.integer("eval_batch_size"))
                .optMaxPromptTokens(c.integer("max_prompt_tokens")).optTrack(c.string("track")).build();
    }

    private static double[][] accuracyMatrix(RunConfig c, Path modelDir, List<Path> stageDirs,
            List<SuperNiTask> tasks, NDManager manager, PrintStream err) {
        double[][] a = new double[stageDirs.size()][];
        for (int i = 0; i < stageDirs.size(); i++) {
            try (NDManager scope = manager.newSubManager()) {
                ModelSession session = ModelSession.open(modelDir, scope);
                AdapterFiles.load(session.model(), stageDirs.get(i));
                EvaluationResult r = evaluator(c, session, session.model()).evaluate(tasks);
                a[i] = tasks.stream().mapToDouble(t -> r.task(t.name()).rougeL()).toArray();
                err.printf("eval: after stage %d (%s): rougeL %.4f%n", i, stageDirs.get(i).getFileName(),
                        r.report().overall().rougeL());
            }
        }
        return a;
    }

    private static double[] zeroShot(RunConfig c, Path modelDir, List<SuperNiTask> tasks, NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            ModelSession session = ModelSession.open(modelDir, scope);
            EvaluationResult r = evaluator(c, session, session.model()).evaluate(tasks);
            return tasks.stream().mapToDouble(t -> r.task(t.name()).rougeL()).toArray();
        }
    }

    private static List<Path> stageDirs(Path stages) {
        try (Stream<Path> dirs = Files.list(stages)) {
            return dirs.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The training tasks of a run, in training order (their indices are the task router's ids).
     *
     * @param runDir the run directory
     * @return the task names
     */
    public static List<String> trainedTasks(Path runDir) {
        Path file = runDir.resolve(TrainRun.SUMMARY);
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            List<String> out = new ArrayList<>();
            o.getAsJsonArray("tasks").forEach(e -> out.add(e.getAsString()));
            return out;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": cannot read the training summary (is the run finished?): "
                    + e.getMessage(), e);
        }
    }

    /** Trained tasks first, in training order (so task ids match), then tasks not trained on. */
    private static List<SuperNiTask> inTrainingOrder(List<SuperNiTask> tests, List<String> order) {
        List<SuperNiTask> out = new ArrayList<>();
        for (String name : order) {
            tests.stream().filter(t -> t.name().equals(name)).findFirst().ifPresent(out::add);
        }
        tests.stream().filter(t -> !order.contains(t.name())).forEach(out::add);
        return out;
    }
}
