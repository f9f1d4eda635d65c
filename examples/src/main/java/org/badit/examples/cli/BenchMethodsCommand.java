package org.badit.examples.cli;

import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.badit.examples.bench.MethodBenchmark;
import org.badit.core.method.Method;
import org.badit.core.method.RouterType;
import org.badit.lora.engine.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code badit bench-methods}: training-step time of every method relative to LoRA, and DOG's share of a step. */
@Command(name = "bench-methods", mixinStandardHelpOptions = true,
        description = {"Time a training step (forward, backward, clipping, AdamW; DOG observe + regroup for BADIT) "
                + "at equal total rank K·r on the same random batches, methods interleaved round-robin, and print "
                + "the step time relative to LoRA and DOG's share of a step. By default for the configurations users "
                + "run, in one invocation: the paper's K = 6, r = 4 on gate_proj and on all linear layers, all cores "
                + "and 1 thread, batch 8x128 and 4x64 (LoRA, LoRAMoE, BADIT); --single measures only the flags' "
                + "configuration (every method). A random Llama (hidden 512, MLP 1376, 4 layers, vocab 512)."})
final class BenchMethodsCommand implements Callable<Integer>, JsonBenchmark {

    @Option(names = "--model", description = "A Hugging Face model directory instead of the random model.")
    Path model;

    @Option(names = "--steps", defaultValue = "15",
            description = "Timed steps per method (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--warmup", defaultValue = "3",
            description = "Untimed warm-up steps per method (default: ${DEFAULT-VALUE}).")
    int warmup;

    @Option(names = "--experts", defaultValue = "4", description = "Experts K (default: ${DEFAULT-VALUE}).")
    int experts;

    @Option(names = "--rank", defaultValue = "8", description = "Rank r of each expert (default: ${DEFAULT-VALUE}).")
    int rank;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--seq", defaultValue = "128",
            description = "Tokens per sequence, half prompt, half target (default: ${DEFAULT-VALUE}).")
    int seq;

    @Option(names = "--router", defaultValue = "sequence",
            description = "BADIT's router: static, sequence, token or task (default: ${DEFAULT-VALUE}).")
    String router;

    @Option(names = "--targets", defaultValue = "gate_proj",
            description = "Adapted layers: names (gate_proj,up_proj), all-linear or regex:EXPR (default: "
                    + "${DEFAULT-VALUE}).")
    String targets;

    @Option(names = "--methods", split = ",", description = "Methods to compare (default: all); include lora.")
    List<String> methods;

    @Option(names = "--hidden", defaultValue = "512",
            description = "Random model width (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--intermediate", defaultValue = "1376",
            description = "Random model MLP width (default: ${DEFAULT-VALUE}).")
    int intermediate;

    @Option(names = "--layers", defaultValue = "4", description = "Random model layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--vocab", defaultValue = "512",
            description = "Random model vocabulary (default: ${DEFAULT-VALUE}).")
    int vocab;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", defaultValue = "0", description = "libtorch intra-op threads of --single; 0 keeps the "
            + "engine's choice, all cores (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--single", description = "Measure only the configuration the flags give, not the suite.")
    boolean single;

    @Mixin
    JsonOutput output;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        output.emit(new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
                .toJson(result()));
        return 0;
    }

    /**
     * The configurations users run, measured in one invocation unless {@code --single}: the paper's (K = 6, r = 4,
     * {@code gate_proj}) and all linear layers, each with all cores and with 1 thread, at batch 8×128 and 4×64.
     */
    private static final int[][] SUITE_BATCHES = {{8, 128}, {4, 64}};

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> result() {
        if (single) {
            return measure(threads, experts, rank, targets, batch, seq);
        }
        Map<String, Object> suite = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String target : List.of("gate_proj", "all-linear")) {
            for (int t : new int[] {0, 1}) {
                for (int[] b : SUITE_BATCHES) {
                    Map<String, Object> r = measure(t, 6, 4, target, b[0], b[1]);
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put("targets", target);
                    row.put("threads", t == 0 ? "all (" + Runtime.getRuntime().availableProcessors() + ")" : "1");
                    row.put("batch", b[0] + "x" + b[1]);
                    row.put("step_time_ratio_vs_lora", r.get("step_time_ratio_vs_lora"));
                    row.put("dog_share_of_step", r.get("dog_share_of_step"));
                    row.put("median_step_ms", r.get("median_step_ms"));
                    row.put("dog_median", r.get("dog_median"));
                    rows.add(row);
                    System.err.println("[bench-methods] " + new GsonBuilder().disableHtmlEscaping().create()
                            .toJson(row));
                }
            }
        }
        suite.put("suite", "the paper's K = 6, r = 4 (total rank 24); gate_proj and all linear layers; all cores and "
                + "1 thread; batch 8x128 and 4x64; random Llama hidden " + hidden + ", " + layers + " layers");
        suite.put("rows", rows);
        suite.put("machine", Engines.describe());
        return suite;
    }

    private Map<String, Object> measure(int threadCount, int k, int r, String target, int batchSize, int length) {
        if (model != null && !Files.isDirectory(model)) {
            throw new IllegalArgumentException("--model: " + model + " is not a directory");
        }
        Engines.setThreads(threadCount > 0 ? threadCount : Runtime.getRuntime().availableProcessors());
        MethodBenchmark.Builder builder = MethodBenchmark.builder().optModel(model)
                .optModelSize(hidden, intermediate, layers, vocab).optSteps(steps, warmup).optBudget(k, r)
                .optBatch(batchSize, length).optAdapters(RouterType.parse(router), VerifyInitCommand.parseTargets(target))
                .optSeed(seed);
        List<String> chosen = methods != null && !methods.isEmpty() ? methods
                : single ? List.of() : List.of("lora", "loramoe", "badit");
        if (!chosen.isEmpty()) {
            List<Method> list = new ArrayList<>();
            chosen.forEach(m -> list.add(Method.parse(m)));
            builder.optMethods(list);
        }
        return builder.build().run();
    }
}
