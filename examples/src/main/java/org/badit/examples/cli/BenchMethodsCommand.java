package org.badit.examples.cli;

import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
                + "of every method at equal total rank K·r on the same random batches, methods interleaved "
                + "round-robin, and print {\"step_time_ratio_vs_lora\": {...}, \"dog_share_of_step\": y, ...}. "
                + "Default: a random Llama (hidden 512, MLP 1376, 4 layers, vocab 512)."})
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

    // One thread by default: on a shared machine, 2 OpenMP workers on 2 loaded cores spin waiting for each other and
    // a step took 2-5 s instead of 0.2 s, with a spread that drowned the differences between methods.
    @Option(names = "--threads", defaultValue = "1", description = "libtorch intra-op threads; 0 keeps the engine's "
            + "choice (default: ${DEFAULT-VALUE}, stable on a shared machine).")
    int threads;

    @Mixin
    JsonOutput output;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        output.emit(new GsonBuilder().setPrettyPrinting().serializeNulls().disableHtmlEscaping().create()
                .toJson(result()));
        return 0;
    }

    /** {@inheritDoc} */
    @Override
    public Map<String, Object> result() {
        if (model != null && !Files.isDirectory(model)) {
            throw new IllegalArgumentException("--model: " + model + " is not a directory");
        }
        if (threads > 0) {
            Engines.setThreads(threads);
        }
        MethodBenchmark.Builder builder = MethodBenchmark.builder().optModel(model)
                .optModelSize(hidden, intermediate, layers, vocab).optSteps(steps, warmup).optBudget(experts, rank)
                .optBatch(batch, seq).optAdapters(RouterType.parse(router), VerifyInitCommand.parseTargets(targets))
                .optSeed(seed);
        if (methods != null && !methods.isEmpty()) {
            List<Method> list = new ArrayList<>();
            methods.forEach(m -> list.add(Method.parse(m)));
            builder.optMethods(list);
        }
        return builder.build().run();
    }
}
