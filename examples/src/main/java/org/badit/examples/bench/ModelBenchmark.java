package org.badit.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.badit.core.generate.Generator;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ModelConfig;
import org.badit.lora.engine.Engines;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures the model substrate on this machine with a mid-size random Llama-style model: forward throughput,
 * generation with and without the KV cache, peak memory while loading a checkpoint against the size of its weights,
 * and the achieved GFLOP/s of a full training step against the GFLOP/s the engine reaches on a plain square matmul
 * (the practical ceiling of this CPU).
 *
 * <p>FLOP counts: a matmul of [m, k]·[k, n] is 2mkn; a token costs 2·P_matmul FLOPs forward (P_matmul = weights used in
 * matmuls, including the output head) plus 4·T·D per layer and head for attention; a training step costs 3× the
 * forward (forward + two backward matmuls).
 */
public final class ModelBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(ModelBenchmark.class);

    private final Options options;

    /**
     * The sizes measured.
     *
     * @param hidden the model width
     * @param layers the number of layers
     * @param heads query heads
     * @param kvHeads key/value heads
     * @param intermediate MLP width
     * @param vocab vocabulary size
     * @param forwardBatch sequences per forward pass
     * @param forwardLength tokens per sequence in a forward pass
     * @param promptLength prompt tokens for generation
     * @param newTokens generated tokens
     * @param trainBatch sequences per training step
     * @param trainLength tokens per training sequence
     * @param repeats timed repetitions (the median is reported)
     */
    public record Options(int hidden, int layers, int heads, int kvHeads, int intermediate, int vocab,
            int forwardBatch, int forwardLength, int promptLength, int newTokens, int trainBatch, int trainLength,
            int repeats) {

        /**
         * The default: hidden 1024, 8 layers, 16 heads (8 KV), MLP 2816, vocabulary 32000 (tied), ~127M parameters.
         *
         * @return the options
         */
        public static Options midSize() {
            return new Options(1024, 8, 16, 8, 2816, 32000, 2, 128, 32, 256, 1, 128, 3);
        }

        ModelConfig config() {
            return ModelConfig.parse(Path.of("benchmark/config.json"), """
                    {"model_type": "llama", "vocab_size": %d, "hidden_size": %d, "intermediate_size": %d,
                     "num_hidden_layers": %d, "num_attention_heads": %d, "num_key_value_heads": %d,
                     "tie_word_embeddings": true, "eos_token_id": 2, "bos_token_id": 1}"""
                    .formatted(vocab, hidden, intermediate, layers, heads, kvHeads));
        }
    }

    /**
     * Creates a benchmark.
     *
     * @param options the sizes
     */
    public ModelBenchmark(Options options) {
        this.options = options;
    }

    /**
     * Runs every measurement.
     *
     * @return ordered results (JSON-friendly)
     */
    public Map<String, Object> run() {
        ModelConfig config = options.config();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> engine = Engines.describe();
        out.put("engine", engine.get("engine") + " " + engine.get("engine_version") + ", DJL "
                + engine.get("djl_version") + ", " + engine.get("default_device") + ", intra-op threads "
                + engine.get("intra_op_threads") + " of " + engine.get("available_processors") + " cores");
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("family", config.family().modelType());
        model.put("hidden", config.hiddenSize());
        model.put("layers", config.numLayers());
        model.put("heads", config.numHeads() + "/" + config.numKvHeads());
        model.put("intermediate", config.intermediateSize());
        model.put("vocab", config.vocabSize());
        model.put("parameters", config.parameterCount());
        out.put("model", model);

        Path dir = tempDir();
        try (NDManager root = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            try (NDManager m = root.newSubManager()) {
                long t0 = System.nanoTime();
                DecoderLM.randomInit(config, 1, m).save(dir);
                LOG.info("random model written in {} s", seconds(t0));
            }
            out.put("loading", measureLoading(dir));
            LOG.info("loading: {}", out.get("loading"));
            try (NDManager m = root.newSubManager()) {
                DecoderLM lm = DecoderLM.load(dir, m);
                out.put("forward", measureForward(lm, m));
                LOG.info("forward: {}", out.get("forward"));
                out.put("generation", measureGeneration(lm));
                LOG.info("generation: {}", out.get("generation"));
                out.put("training_step", measureTraining(lm, m, config));
                LOG.info("training step: {}", out.get("training_step"));
            }
        } finally {
            deleteRecursively(dir);
        }
        return out;
    }

    /**
     * Peak resident set while loading, in a fresh JVM ({@link LoadProbe}): in this process, memory freed after
     * writing the random model stays with the allocators and loading would reuse it unseen.
     */
    private Map<String, Object> measureLoading(Path dir) {
        Map<String, Object> r = new LinkedHashMap<>();
        long weights = dir.resolve("model.safetensors").toFile().length();
        r.put("weights_mib", mib(weights * 1.0));
        try {
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                    LoadProbe.class.getName(), dir.toString()).redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            String[] out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .strip().split("\\s+");
            if (p.waitFor() != 0 || out.length != 3) {
                r.put("error", "the loading probe failed: " + String.join(" ", out));
                return r;
            }
            long baseline = Long.parseLong(out[0]);
            long peak = Long.parseLong(out[1]);
            r.put("seconds", round(Long.parseLong(out[2]) / 1e9));
            r.put("rss_baseline_mib", mib(baseline * 1024.0));
            r.put("peak_rss_mib", mib(peak * 1024.0));
            r.put("peak_increase_mib", mib((peak - baseline) * 1024.0));
            r.put("peak_increase_over_weights", round((peak - baseline) * 1024.0 / weights));
            r.put("measured", "fresh JVM; increase over its resident set with the engine loaded");
        } catch (java.io.IOException e) {
            r.put("error", "cannot start the loading probe: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            r.put("error", "interrupted");
        }
        return r;
    }

    private Map<String, Object> measureForward(DecoderLM lm, NDManager m) {
        int b = options.forwardBatch();
        int t = options.forwardLength();
        ParameterStore ps = new ParameterStore(m, false);
        List<Double> times = new ArrayList<>();
        for (int i = 0; i <= options.repeats(); i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray ids = randomIds(m, b, t, i);
                long t0 = System.nanoTime();
                lm.logits(ps, ids, null, false, null).getFloat(0, 0, 0); // waits for the result
                if (i > 0) {
                    times.add(seconds(t0)); // the first run warms up
                }
            }
        }
        double median = median(times);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("batch", b + "x" + t);
        r.put("seconds", round(median));
        r.put("tokens_per_s", round(b * t / median));
        r.put("gflops_per_s", round(forwardFlops(lm.config(), b, t) / median / 1e9));
        return r;
    }

    private Map<String, Object> measureGeneration(DecoderLM lm) {
        int[] prompt = new Random(3).ints(options.promptLength(), 3, lm.config().vocabSize()).toArray();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("prompt_tokens", options.promptLength());
        r.put("new_tokens", options.newTokens());
        for (boolean cache : new boolean[] {true, false}) {
            Generator gen = Generator.builder().setModel(lm).optMaxNewTokens(options.newTokens())
                    .optIgnoreEos(true).optKvCache(cache).build();
            gen.generate(java.util.Arrays.copyOf(prompt, 4)); // warm-up
            long t0 = System.nanoTime();
            gen.generate(prompt);
            double secs = seconds(t0);
            r.put(cache ? "kv_cache_tokens_per_s" : "recompute_tokens_per_s", round(options.newTokens() / secs));
        }
        r.put("kv_cache_speedup", round((Double) r.get("kv_cache_tokens_per_s")
                / (Double) r.get("recompute_tokens_per_s")));
        return r;
    }

    private Map<String, Object> measureTraining(DecoderLM lm, NDManager m, ModelConfig config) {
        int b = options.trainBatch();
        int t = options.trainLength();
        lm.setTrainable(true);
        ParameterStore ps = new ParameterStore(m, false);
        List<Double> times = new ArrayList<>();
        Engine engine = m.getEngine();
        for (int i = 0; i <= Math.max(2, options.repeats() - 1); i++) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray ids = randomIds(m, b, t, 100 + i);
                long t0 = System.nanoTime();
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray logits = lm.logits(ps, ids, null, true, null);
                    // Next-token cross-entropy on random targets: the shape of real training.
                    NDArray logProbs = logits.logSoftmax(-1);
                    NDArray targets = randomIds(m, b, t, 200 + i).toType(DataType.INT64, false).expandDims(-1);
                    NDArray loss = logProbs.gather(targets, -1).mean().neg();
                    gc.backward(loss);
                }
                lm.namedParameters().get("model.layers.0.self_attn.q_proj.weight").getArray().getGradient()
                        .getFloat(0, 0);
                if (i > 0) {
                    times.add(seconds(t0));
                }
            }
        }
        lm.setTrainable(false);
        double median = median(times);
        double flops = 3 * forwardFlops(config, b, t);
        double peakMatmul = matmulGflops(m);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("batch", b + "x" + t);
        r.put("seconds", round(median));
        r.put("tokens_per_s", round(b * t / median));
        r.put("achieved_gflops_per_s", round(flops / median / 1e9));
        r.put("engine_matmul_gflops_per_s", round(peakMatmul));
        r.put("fraction_of_matmul_peak", round(flops / median / 1e9 / peakMatmul));
        return r;
    }

    /** The best of several 1024³ float32 matmuls: what this engine reaches on this machine. */
    static double matmulGflops(NDManager m) {
        int n = 1024;
        double best = 0;
        try (NDManager s = m.newSubManager()) {
            NDArray a = s.randomNormal(new Shape(n, n));
            NDArray b = s.randomNormal(new Shape(n, n));
            for (int i = 0; i < 8; i++) {
                long t0 = System.nanoTime();
                NDArray c = a.matMul(b);
                c.getFloat(0, 0);
                double secs = seconds(t0);
                c.close();
                best = Math.max(best, 2.0 * n * n * n / secs / 1e9);
            }
        }
        return best;
    }

    /** Forward FLOPs of b sequences of t tokens: matmul weights plus causal attention scores and mixing. */
    static double forwardFlops(ModelConfig c, int b, int t) {
        long h = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        double perToken = 2.0 * (c.numLayers() * (h * q + 2 * h * kv + q * h + 3 * h * c.intermediateSize())
                + (long) c.vocabSize() * h);
        // q·kᵀ and p·v over all t keys (the mask is applied after a dense product): 4·t·D per head and layer.
        double attention = 4.0 * t * c.headDim() * c.numHeads() * c.numLayers();
        return (double) b * t * (perToken + attention);
    }

    private static NDArray randomIds(NDManager m, int b, int t, long seed) {
        int[] ids = new Random(seed).ints((long) b * t, 3, 1000).toArray();
        return m.create(ids, new Shape(b, t));
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static double mib(double bytes) {
        return Math.round(bytes / (1 << 20) * 10) / 10.0;
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("badit-bench-model");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", dir, e.toString());
        }
    }
}
