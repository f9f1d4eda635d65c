package org.badit.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.Methods;
import org.badit.core.method.RouterType;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ModelConfig;
import org.badit.core.model.ScratchModels;
import org.badit.lora.engine.Engines;
import org.badit.lora.TargetModules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Training-step time of every method at the same total rank K·r, relative to LoRA, and DOG's share of a BADIT step
 * when it regroups every step.
 *
 * <p>Every method trains its own copy of the same base (the same random seed, or the same checkpoint) on the same
 * random token batches. The methods are stepped round-robin (one step of each, then the next round, with the starting
 * method rotated every round) so that drift of a shared, loaded machine falls on all methods alike instead of on
 * whichever ran last; the first rounds are warm-up and not counted. Reported: median step time per method, the ratio
 * of each median to LoRA's, and for BADIT the median over steps of (observe + regroup) / step time.
 *
 * <p>The step is the trainer's own ({@link org.badit.core.train.TrainingStep}), driven one step at a time.
 * Not a test: run it through {@code badit bench-methods}.
 */
public final class MethodBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(MethodBenchmark.class);
    private static final int TASKS = 4;

    private final Path modelDir;
    private final int hidden;
    private final int intermediate;
    private final int layers;
    private final int vocab;
    private final int steps;
    private final int warmup;
    private final int experts;
    private final int rank;
    private final int batch;
    private final int seq;
    private final RouterType router;
    private final TargetModules targets;
    private final List<Method> methods;
    private final long seed;

    private MethodBenchmark(Builder b) {
        this.modelDir = b.modelDir;
        this.hidden = b.hidden;
        this.intermediate = b.intermediate;
        this.layers = b.layers;
        this.vocab = b.vocab;
        this.steps = b.steps;
        this.warmup = b.warmup;
        this.experts = b.experts;
        this.rank = b.rank;
        this.batch = b.batch;
        this.seq = b.seq;
        this.router = b.router;
        this.targets = b.targets;
        this.methods = b.methods;
        this.seed = b.seed;
    }

    /**
     * Creates a builder.
     *
     * @return a builder with the defaults (random Llama hidden 512, MLP 1376, 4 layers, vocab 512; K = 4, r = 8;
     *     batch 8 × 128; 3 warm-up + 15 timed steps per method)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the benchmark.
     *
     * @return ordered results (JSON-friendly): {@code step_time_ratio_vs_lora}, {@code dog_share_of_step}, absolute
     *     times, machine and configuration
     */
    public Map<String, Object> run() {
        Engine engine = Engines.pytorch();
        int rounds = warmup + steps;
        try (NDManager root = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            List<MethodStepRunner> runners = new ArrayList<>();
            ModelConfig modelConfig = null;
            try {
                for (Method m : methods) {
                    NDManager manager = root.newSubManager();
                    DecoderLM base = modelDir != null ? DecoderLM.load(modelDir, manager)
                            : DecoderLM.randomInit(scratchConfig(), seed, manager);
                    modelConfig = base.config();
                    AdaptedModel adapted = Methods.apply(base, methodConfig(m));
                    // A regroup every step for the whole run: the worst case the target is stated for.
                    runners.add(new MethodStepRunner(m.id(), manager, adapted, engine, 2e-4f, 1f, rounds));
                    LOG.info("built {}: {} adapted layers, {} trainable parameters", m.id(),
                            adapted.injection().layers().size(), adapted.injection().trainableParameters());
                }
                List<List<TrainingExample>> batches = batches(modelConfig.vocabSize(), rounds);
                int pad = modelConfig.padTokenId() != null ? modelConfig.padTokenId()
                        : modelConfig.eosTokenIds().isEmpty() ? 0 : modelConfig.eosTokenIds().get(0);
                Map<String, List<Double>> stepMs = new LinkedHashMap<>();
                List<Double> dogShare = new ArrayList<>();
                List<Double> observeMs = new ArrayList<>();
                List<Double> regroupMs = new ArrayList<>();
                runners.forEach(r -> stepMs.put(r.name(), new ArrayList<>()));
                for (int round = 0; round < rounds; round++) {
                    for (int j = 0; j < runners.size(); j++) {
                        MethodStepRunner r = runners.get((round + j) % runners.size());
                        MethodStepRunner.Timing t = r.step(batches.get(round), pad);
                        if (round < warmup) {
                            continue;
                        }
                        stepMs.get(r.name()).add(t.total() / 1e6);
                        if (r.model().dog() != null) {
                            dogShare.add((double) (t.dogObserve() + t.dogRegroup()) / t.total());
                            observeMs.add(t.dogObserve() / 1e6);
                            regroupMs.add(t.dogRegroup() / 1e6);
                        }
                    }
                    LOG.info("round {}/{} done", round + 1, rounds);
                }
                return report(modelConfig, stepMs, dogShare, observeMs, regroupMs);
            } finally {
                runners.forEach(MethodStepRunner::close);
            }
        }
    }

    private Map<String, Object> report(ModelConfig mc, Map<String, List<Double>> stepMs, List<Double> dogShare,
            List<Double> observeMs, List<Double> regroupMs) {
        Map<String, Double> medians = new LinkedHashMap<>();
        stepMs.forEach((m, v) -> medians.put(m, median(v)));
        Double lora = medians.get(Method.LORA.id());
        Map<String, Object> ratios = new LinkedHashMap<>();
        medians.forEach((m, v) -> ratios.put(m, lora == null ? null : round(v / lora, 3)));
        Map<String, Object> absolute = new LinkedHashMap<>();
        medians.forEach((m, v) -> absolute.put(m, round(v, 1)));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("step_time_ratio_vs_lora", ratios);
        out.put("dog_share_of_step", dogShare.isEmpty() ? null : round(median(dogShare), 4));
        out.put("median_step_ms", absolute);
        if (!observeMs.isEmpty()) {
            Map<String, Object> dog = new LinkedHashMap<>();
            dog.put("observe_ms", round(median(observeMs), 2));
            dog.put("regroup_ms", round(median(regroupMs), 2));
            dog.put("regroup_every", 1);
            out.put("dog_median", dog);
        }
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("model", modelDir != null ? modelDir.toString() : "random llama (ScratchModels.llama)");
        config.put("hidden", mc.hiddenSize());
        config.put("intermediate", mc.intermediateSize());
        config.put("layers", mc.numLayers());
        config.put("vocab", mc.vocabSize());
        config.put("experts", experts);
        config.put("rank", rank);
        config.put("total_rank", experts * rank);
        config.put("router", router.id());
        config.put("targets", targets.toPeft());
        config.put("batch", batch + "x" + seq);
        config.put("warmup_steps", warmup);
        config.put("timed_steps", steps);
        config.put("order", "round-robin, start rotated every round");
        out.put("config", config);
        Map<String, Object> engine = Engines.describe();
        out.put("machine", engine.get("engine") + " " + engine.get("engine_version") + ", DJL "
                + engine.get("djl_version") + ", " + engine.get("default_device") + ", intra-op threads "
                + engine.get("intra_op_threads") + " of " + engine.get("available_processors") + " cores");
        return out;
    }

    private MethodConfig methodConfig(Method m) {
        return MethodConfig.builder().setMethod(m).optExperts(experts).optRank(rank).optRouter(router)
                .optTargets(targets).optTasks(TASKS).optSeed(seed)
                .optDog(new MethodConfig.DogSettings(0.9f, 1, 1.0, MethodConfig.DogSettings.DEFAULT.restarts()))
                .build();
    }

    private ModelConfig scratchConfig() {
        int heads = Math.max(1, hidden / 64);
        return ScratchModels.llama(vocab, hidden, intermediate, layers, heads, Math.max(1, heads / 2), 1, 2);
    }

    /** Random prompt (first half) and target (second half) tokens; the same batches for every method. */
    private List<List<TrainingExample>> batches(int vocabSize, int rounds) {
        SplittableRandom random = new SplittableRandom(seed);
        int promptLength = Math.max(1, seq / 2);
        List<List<TrainingExample>> out = new ArrayList<>();
        for (int r = 0; r < rounds; r++) {
            List<TrainingExample> examples = new ArrayList<>();
            for (int i = 0; i < batch; i++) {
                int[] prompt = random.ints(promptLength, 3, vocabSize).toArray();
                int[] target = random.ints(Math.max(1, seq - promptLength), 3, vocabSize).toArray();
                examples.add(new TrainingExample(i % TASKS, "task" + (i % TASKS), r + "-" + i, prompt, target));
            }
            out.add(examples);
        }
        return out;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    /** Builds a {@link MethodBenchmark}. */
    public static final class Builder {
        private Path modelDir;
        private int hidden = 512;
        private int intermediate = 1376;
        private int layers = 4;
        private int vocab = 512;
        private int steps = 15;
        private int warmup = 3;
        private int experts = 4;
        private int rank = 8;
        private int batch = 8;
        private int seq = 128;
        private RouterType router = RouterType.SEQUENCE;
        private TargetModules targets = TargetModules.names(MethodConfig.DEFAULT_TARGETS);
        private List<Method> methods = List.of(Method.values());
        private long seed = 42;

        private Builder() {}

        /**
         * Benchmarks on a checkpoint instead of a random model.
         *
         * @param dir a Hugging Face model directory, or null for the random model
         * @return this builder
         */
        public Builder optModel(Path dir) {
            this.modelDir = dir;
            return this;
        }

        /**
         * Sets the random model's size (ignored with a checkpoint).
         *
         * @param hidden the width (heads = hidden / 64, half as many KV heads)
         * @param intermediate the MLP width
         * @param layers decoder layers
         * @param vocab vocabulary size
         * @return this builder
         */
        public Builder optModelSize(int hidden, int intermediate, int layers, int vocab) {
            this.hidden = hidden;
            this.intermediate = intermediate;
            this.layers = layers;
            this.vocab = vocab;
            return this;
        }

        /**
         * Sets the timed steps per method (default 15) and the untimed warm-up steps before them (default 3).
         *
         * @param steps timed steps
         * @param warmup warm-up steps
         * @return this builder
         */
        public Builder optSteps(int steps, int warmup) {
            this.steps = steps;
            this.warmup = warmup;
            return this;
        }

        /**
         * Sets the budget: K experts of rank r, total rank K·r for the LoRA family (default 4 × 8).
         *
         * @param experts K
         * @param rank r
         * @return this builder
         */
        public Builder optBudget(int experts, int rank) {
            this.experts = experts;
            this.rank = rank;
            return this;
        }

        /**
         * Sets the batch: sequences and tokens per sequence, half prompt and half target (default 8 × 128).
         *
         * @param batch sequences
         * @param seq tokens each
         * @return this builder
         */
        public Builder optBatch(int batch, int seq) {
            this.batch = batch;
            this.seq = seq;
            return this;
        }

        /**
         * Sets what the adapters look like apart from the method: the expert methods' router (default static;
         * LoRAMoE always routes per token) and the adapted layers (default the methods' default, {@code gate_proj}).
         *
         * @param router the router of BADIT's rows
         * @param targets the adapted layers
         * @return this builder
         */
        public Builder optAdapters(RouterType router, TargetModules targets) {
            this.router = router;
            this.targets = targets;
            return this;
        }

        /**
         * Sets the methods to compare (default all; ratios need LoRA among them).
         *
         * @param methods the methods, in the round-robin order
         * @return this builder
         */
        public Builder optMethods(List<Method> methods) {
            this.methods = List.copyOf(methods);
            return this;
        }

        /**
         * Sets the seed of the random model, the initializations and the batches (default 42).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the benchmark.
         *
         * @return the benchmark
         */
        public MethodBenchmark build() {
            if (steps < 1 || warmup < 0 || batch < 1 || seq < 2 || experts < 1 || rank < 1 || methods.isEmpty()) {
                throw new IllegalArgumentException("bad benchmark settings: steps=" + steps + " warmup=" + warmup
                        + " batch=" + batch + " seq=" + seq + " K=" + experts + " r=" + rank + " methods=" + methods);
            }
            if (modelDir == null && (hidden < 64 || intermediate < 1 || layers < 1 || vocab < 8)) {
                throw new IllegalArgumentException("bad model size: hidden=" + hidden + " intermediate="
                        + intermediate + " layers=" + layers + " vocab=" + vocab);
            }
            return new MethodBenchmark(this);
        }
    }
}
