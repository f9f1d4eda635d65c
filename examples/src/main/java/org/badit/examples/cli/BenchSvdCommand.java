package org.badit.examples.cli;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.badit.lora.engine.Engines;
import org.badit.examples.bench.SvdBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit bench-svd}: randomized vs exact SVD (time, top-k error) and device vs host products, as JSON. */
@Command(name = "bench-svd", mixinStandardHelpOptions = true,
        description = {"Benchmark the randomized SVD (Halko et al.) against the exact SVD on matrices with a "
                + "geometric spectrum: time and relative error of the top-k singular values, and the randomized "
                + "SVD with device products vs plain-Java host products. Prints JSON."})
final class BenchSvdCommand extends TimedBenchmarkCommand {

    @Option(names = "--sizes", split = ",", defaultValue = "1024,4096",
            description = "Square matrix sizes (default: ${DEFAULT-VALUE}).")
    List<Integer> sizes;

    @Option(names = "-k", defaultValue = "64", description = "Singular triplets (default: ${DEFAULT-VALUE}).")
    int k;

    @Option(names = "--niter", split = ",", defaultValue = "2,4",
            description = "Power iterations to compare; the last is used for host vs device (default: "
                    + "${DEFAULT-VALUE}).")
    List<Integer> niters;

    @Option(names = "--oversamples", defaultValue = "10", description = "Oversampling p (default: ${DEFAULT-VALUE}).")
    int oversamples;

    @Option(names = "--decay", defaultValue = "0.95",
            description = "Ratio of consecutive singular values (default: ${DEFAULT-VALUE}).")
    double decay;

    @Option(names = "--repeats", defaultValue = "1", description = "Timed repetitions, median reported "
            + "(default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--host-max-size", defaultValue = "1024",
            description = "Largest size for the plain-Java host variant (default: ${DEFAULT-VALUE}).")
    int hostMaxSize;

    @Option(names = "--device", description = "DJL device, e.g. cpu or gpu(0) (default: the library's default).")
    String device;

    /** {@inheritDoc} */
    @Override
    Map<String, Object> measure() {
        SvdBenchmark.Builder builder = SvdBenchmark.builder().optSizes(sizes).optK(k).optNiters(niters)
                .optOversamples(oversamples).optDecay(decay).optRepeats(repeats).optHostMaxSize(hostMaxSize);
        if (device != null) {
            builder.optDevice(Device.fromName(device, Engines.pytorch()));
        }
        return builder.build().run();
    }
}
