package org.badit.examples.cli;

import java.util.Map;
import org.badit.examples.bench.ClusteringBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit bench-clustering}: DOG regroup timings (batched vs per layer, host vs device assignment) as JSON. */
@Command(name = "bench-clustering", mixinStandardHelpOptions = true,
        description = "Time one full DOG regroup of G layers batched vs a per-layer loop, the balanced assignment "
                + "on host vs device, and compare task-grouping methods on planted partitions (JSON).")
final class BenchClusteringCommand extends TimedBenchmarkCommand {

    @Option(names = "--layers", defaultValue = "28", description = "Layers G regrouped together (default ${DEFAULT-VALUE}).")
    int layers;

    @Option(names = "--components", defaultValue = "32", description = "Rank-1 components N = K·r per layer (default ${DEFAULT-VALUE}).")
    int components;

    @Option(names = "--dim", defaultValue = "6144", description = "Gradient length D = in + out (default ${DEFAULT-VALUE}).")
    int dim;

    @Option(names = "--experts", defaultValue = "4", description = "Experts K (default ${DEFAULT-VALUE}).")
    int experts;

    @Option(names = "--repeats", defaultValue = "5", description = "Timed repetitions; the median is reported (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--seed", defaultValue = "42", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--skip-tasks", description = "Skip the task-grouping comparison.")
    boolean skipTasks;

    /** {@inheritDoc} */
    @Override
    Map<String, Object> measure() {
        return ClusteringBenchmark.run(
                new ClusteringBenchmark.Config(layers, components, dim, experts, repeats, seed, !skipTasks));
    }
}
