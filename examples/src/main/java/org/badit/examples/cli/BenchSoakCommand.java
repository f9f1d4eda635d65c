package org.badit.examples.cli;

import java.util.Map;
import org.badit.examples.bench.SoakBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit bench-soak}: a long BADIT + DOG training run that reports resident-set and step-time drift. */
@Command(name = "bench-soak", mixinStandardHelpOptions = true,
        description = {"Train BADIT (K = 4, r = 4, gate_proj by default) with DOG regrouping at every step on a small "
                + "random Llama and the synthetic tasks, with periodic evaluation and checkpoints, and report the "
                + "resident set, used heap and step time every --sample-every steps, and their drift from step "
                + "1000 (or the first sample) to the end."})
final class BenchSoakCommand extends TimedBenchmarkCommand {

    @Option(names = "--steps", defaultValue = "10000", description = "Optimizer steps (default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--sample-every", defaultValue = "500",
            description = "Steps between memory samples (default: ${DEFAULT-VALUE}).")
    int sampleEvery;

    @Option(names = "--eval-every", defaultValue = "1000",
            description = "Steps between evaluations, 0 = none (default: ${DEFAULT-VALUE}).")
    int evalEvery;

    @Option(names = "--checkpoint-every", defaultValue = "500",
            description = "Steps between checkpoints, 0 = none (default: ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--hidden", defaultValue = "64", description = "Random model width (default: ${DEFAULT-VALUE}).")
    int hidden;

    @Option(names = "--layers", defaultValue = "2", description = "Random model layers (default: ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--batch", defaultValue = "8", description = "Sequences per step (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--targets", defaultValue = "gate_proj",
            description = "Adapted layers: comma-separated names or all-linear (default: ${DEFAULT-VALUE}, the paper's).")
    String targets;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    /** {@inheritDoc} */
    @Override
    Map<String, Object> measure() {
        if (steps < 1 || sampleEvery < 1 || evalEvery < 0 || checkpointEvery < 0) {
            throw new IllegalArgumentException("--steps and --sample-every must be >= 1, --eval-every and "
                    + "--checkpoint-every >= 0");
        }
        return SoakBenchmark.run(new SoakBenchmark.Settings(steps, sampleEvery, evalEvery, checkpointEvery, hidden,
                layers, batch, targets, seed), System.err);
    }
}
