package org.badit.examples.cli;

import java.util.Map;
import org.badit.examples.bench.ModelBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit bench-model}: throughput and memory of the model substrate on this machine. */
@Command(name = "bench-model", mixinStandardHelpOptions = true,
        description = "Benchmark a mid-size random decoder (default hidden 1024, 8 layers): forward tokens/s, "
                + "generation with vs without KV cache, peak RSS while loading, training-step GFLOP/s vs matmul "
                + "GFLOP/s.")
final class BenchModelCommand extends TimedBenchmarkCommand {

    @Option(names = "--hidden", defaultValue = "1024", description = "Model width (default 1024).")
    int hidden;

    @Option(names = "--layers", defaultValue = "8", description = "Decoder layers (default 8).")
    int layers;

    @Option(names = "--new-tokens", defaultValue = "256",
            description = "Generated tokens when comparing the KV cache with recomputation (default: ${DEFAULT-VALUE}).")
    int newTokens;

    @Option(names = "--prompt-tokens", defaultValue = "32",
            description = "Prompt tokens of that generation (default: ${DEFAULT-VALUE}).")
    int promptTokens;

    /** {@inheritDoc} */
    @Override
    Map<String, Object> measure() {
        ModelBenchmark.Options d = ModelBenchmark.Options.midSize();
        int heads = Math.max(1, hidden / 64);
        ModelBenchmark.Options options = new ModelBenchmark.Options(hidden, layers, heads, Math.max(1, heads / 2),
                hidden * d.intermediate() / d.hidden(), d.vocab(), d.forwardBatch(), d.forwardLength(),
                promptTokens, newTokens, d.trainBatch(), d.trainLength(), d.repeats());
        return new ModelBenchmark(options).run();
    }
}
