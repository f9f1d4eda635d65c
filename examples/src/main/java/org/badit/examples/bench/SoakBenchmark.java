package org.badit.examples.bench;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.badit.core.data.SuperNiExamples;
import org.badit.core.data.TrainingExample;
import org.badit.core.eval.Evaluator;
import org.badit.core.expert.Dog;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.Methods;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ScratchModels;
import org.badit.core.tokenizer.ByteTokenizer;
import org.badit.core.train.StepRecord;
import org.badit.core.train.Trainer;
import org.badit.core.train.TrainerConfig;
import org.badit.core.train.TrainingListener;
import org.badit.lora.TargetModules;
import org.badit.superni.SuperNiTask;
import org.badit.superni.prompt.PaperPrompt;
import org.badit.superni.synthetic.SyntheticSuite;
import org.badit.superni.synthetic.SyntheticTask;

/**
 * A long training run that watches for leaks: BADIT with DOG regrouping at every step (not only in the first half),
 * periodic evaluation (greedy generation) and checkpoints, on a small random Llama and the synthetic SuperNI tasks.
 * Every {@code sampleEvery} steps it records the resident set (after a GC, so heap garbage does not count), the
 * used heap and the mean step time of the window; the result states the drift of both between the first sample at
 * or after step 1000 and the last one, and the ratio of the last window's step time to the first's.
 */
public final class SoakBenchmark {

    /**
     * The soak's settings.
     *
     * @param steps optimizer steps
     * @param sampleEvery steps between memory samples
     * @param evalEvery steps between evaluations (0 = none)
     * @param checkpointEvery steps between checkpoints (0 = none)
     * @param hidden the random model's width
     * @param layers its layers
     * @param batch sequences per step
     * @param targets the adapted layers (comma-separated names or all-linear)
     * @param seed the seed
     */
    public record Settings(int steps, int sampleEvery, int evalEvery, int checkpointEvery, int hidden, int layers,
            int batch, String targets, long seed) {}

    private SoakBenchmark() {}

    /**
     * Runs the soak.
     *
     * @param s the settings
     * @param err where progress lines go
     * @return the samples and the drift figures
     */
    public static Map<String, Object> run(Settings s, PrintStream err) {
        Path dir;
        try {
            dir = Files.createTempDirectory("badit-soak");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary directory", e);
        }
        SyntheticSuite suite = SyntheticSuite.builder().optSeed(s.seed()).optInstancesPerTask(64)
                .optTestInstancesPerTask(4).build();
        List<SyntheticTask> chosen = suite.heldOutTasks().subList(0, Math.min(4, suite.heldOutTasks().size()));
        List<SuperNiTask> train = chosen.stream().map(SyntheticTask::trainTask).toList();
        List<SuperNiTask> test = chosen.stream().map(SyntheticTask::testTask).toList();
        ByteTokenizer tokenizer = new ByteTokenizer();
        List<TrainingExample> examples = SuperNiExamples.tokenize(train, new PaperPrompt(), tokenizer, 64, 16);
        List<Map<String, Object>> samples = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager()) {
            DecoderLM model = DecoderLM.randomInit(ScratchModels.llama(ByteTokenizer.VOCAB_SIZE, s.hidden(),
                    s.hidden() * 11 / 4, s.layers(), 4, 2, ByteTokenizer.BOS, ByteTokenizer.EOS), s.seed(), manager);
            // DOG at every step of the whole run, the most allocation-heavy configuration.
            MethodConfig.DogSettings dog = new MethodConfig.DogSettings(Dog.DEFAULT_EMA_BETA, 1, 1.0,
                    Dog.DEFAULT_RESTARTS, true);
            AdaptedModel adapted = Methods.apply(model, MethodConfig.builder().setMethod(Method.BADIT).optExperts(4)
                    .optRank(4).optAlpha(8).optTargets(TargetModules.names(List.of(s.targets().split(",")))).optTasks(train.size())
                    .optSeed(s.seed()).optDog(dog).build());
            Evaluator evaluator = Evaluator.builder().setModel(model).setTokenizer(tokenizer).optMaxNewTokens(8)
                    .optBatchSize(16).optMaxPromptTokens(64).build();
            TrainerConfig config = TrainerConfig.builder().optLearningRate(1e-3f).optMaxSteps(s.steps())
                    .optBatchSize(s.batch()).optSeed(s.seed()).optLogEvery(0)
                    .optCheckpointEvery(s.checkpointEvery()).optOutputDir(dir).build();
            Sampler sampler = new Sampler(s, evaluator, test, samples, err);
            new Trainer(config, List.of(sampler)).fit(adapted, examples, tokenizer.padId(), false);
        } finally {
            deleteTree(dir);
        }
        return summary(s, samples);
    }

    /** Samples memory and time; evaluates now and then. */
    private static final class Sampler implements TrainingListener {
        private final Settings s;
        private final Evaluator evaluator;
        private final List<SuperNiTask> test;
        private final List<Map<String, Object>> samples;
        private final PrintStream err;
        private long windowStart = System.nanoTime();
        private double evalSeconds;
        private double lastRougeL = Double.NaN;

        Sampler(Settings s, Evaluator evaluator, List<SuperNiTask> test, List<Map<String, Object>> samples,
                PrintStream err) {
            this.s = s;
            this.evaluator = evaluator;
            this.test = test;
            this.samples = samples;
            this.err = err;
        }

        /** {@inheritDoc} */
        @Override
        public void onStep(StepRecord r) {
            if (s.evalEvery() > 0 && r.step() % s.evalEvery() == 0) {
                long t = System.nanoTime();
                lastRougeL = evaluator.evaluate(test).report().overall().rougeL();
                evalSeconds += (System.nanoTime() - t) / 1e9;
            }
            if (r.step() % s.sampleEvery() != 0 && r.step() != s.steps()) {
                return;
            }
            int window = r.step() % s.sampleEvery() == 0 ? s.sampleEvery() : r.step() % s.sampleEvery();
            // Step time of the window without the evaluation and checkpoint pauses it contained.
            double ms = ((System.nanoTime() - windowStart) / 1e6 - evalSeconds * 1000) / window;
            System.gc();
            Runtime rt = Runtime.getRuntime();
            Map<String, Object> sample = new LinkedHashMap<>();
            sample.put("step", r.step());
            sample.put("rss_mb", ProcStatus.kb("VmRSS") / 1024.0);
            sample.put("heap_used_mb", (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
            sample.put("ms_per_step", ms);
            sample.put("loss", r.loss());
            sample.put("rougeL", Double.isNaN(lastRougeL) ? null : lastRougeL);
            samples.add(sample);
            err.printf(Locale.ROOT, "[soak] step %d: RSS %.1f MB, heap %.1f MB, %.1f ms/step, loss %.3f%n",
                    r.step(), sample.get("rss_mb"), sample.get("heap_used_mb"), ms, r.loss());
            evalSeconds = 0;
            windowStart = System.nanoTime();
        }
    }

    private static Map<String, Object> summary(Settings s, List<Map<String, Object>> samples) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("config", Map.of("method", "badit", "experts", 4, "rank", 4, "targets", s.targets(),
                "dog", "regroup every step, whole run", "steps", s.steps(), "eval_every", s.evalEvery(),
                "checkpoint_every", s.checkpointEvery(), "hidden", s.hidden(), "layers", s.layers()));
        Map<String, Object> reference = samples.stream().filter(m -> (int) m.get("step") >= 1000).findFirst()
                .orElse(samples.isEmpty() ? null : samples.get(0));
        if (reference != null) {
            Map<String, Object> last = samples.get(samples.size() - 1);
            out.put("reference_step", reference.get("step"));
            out.put("last_step", last.get("step"));
            out.put("rss_drift_percent", drift(reference, last, "rss_mb"));
            // The resident set swings between allocator states from sample to sample; the peak of each half of the
            // run after the reference step is the steadier figure of a leak.
            List<Map<String, Object>> after = samples.subList(samples.indexOf(reference), samples.size());
            int half = Math.max(1, after.size() / 2);
            double firstPeak = peak(after.subList(0, half), "rss_mb");
            double secondPeak = peak(after.subList(half, after.size()), "rss_mb");
            out.put("rss_peak_first_half_mb", firstPeak);
            out.put("rss_peak_second_half_mb", secondPeak);
            out.put("rss_peak_drift_percent", 100.0 * (secondPeak / firstPeak - 1));
            out.put("heap_drift_percent", drift(reference, last, "heap_used_mb"));
            out.put("step_time_last_over_first_window", (double) last.get("ms_per_step")
                    / (double) samples.get(0).get("ms_per_step"));
            out.put("step_time_last_over_reference_window", (double) last.get("ms_per_step")
                    / (double) reference.get("ms_per_step"));
        }
        out.put("rss_at", samples.stream().filter(m -> (int) m.get("step") == 1000 || m == samples.get(samples.size()
                - 1)).collect(java.util.stream.Collectors.toMap(m -> String.valueOf(m.get("step")), m -> m.get("rss_mb"),
                (a, b) -> a, LinkedHashMap::new)));
        out.put("samples", samples);
        return out;
    }

    private static double peak(List<Map<String, Object>> samples, String key) {
        return samples.stream().mapToDouble(m -> (double) m.get(key)).max().orElse(Double.NaN);
    }

    private static double drift(Map<String, Object> from, Map<String, Object> to, String key) {
        return 100.0 * ((double) to.get(key) / (double) from.get(key) - 1);
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // A temporary directory left behind is harmless.
        }
    }
}
