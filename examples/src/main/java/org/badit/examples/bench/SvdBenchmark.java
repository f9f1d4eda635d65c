package org.badit.examples.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.lora.engine.Engines;
import org.badit.lora.linalg.Linalg;
import org.badit.lora.linalg.RandomizedSvd;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Randomized vs exact SVD on matrices with a known geometric spectrum {@code σ_i = decay^i}: time, and the relative
 * error of the top-k singular values; plus the randomized SVD with its products on the DJL device vs the same
 * algorithm with plain-Java products on the host (bounded to small sizes: it is O(n²·k) per product in one thread).
 *
 * <p>Not a test: run it through {@code badit bench-svd}. Results are a JSON-ready map.
 */
public final class SvdBenchmark {

    private static final Logger LOG = LoggerFactory.getLogger(SvdBenchmark.class);

    private final List<Integer> sizes;
    private final int k;
    private final int oversamples;
    private final List<Integer> niters;
    private final double decay;
    private final int repeats;
    private final int hostMaxSize;
    private final long seed;
    private final Device device;

    private SvdBenchmark(Builder b) {
        this.sizes = b.sizes;
        this.k = b.k;
        this.oversamples = b.oversamples;
        this.niters = b.niters;
        this.decay = b.decay;
        this.repeats = b.repeats;
        this.hostMaxSize = b.hostMaxSize;
        this.seed = b.seed;
        this.device = b.device == null ? Engines.defaultDevice() : b.device;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every measurement.
     *
     * @return the report: settings, per-size exact vs randomized results, host vs device products
     */
    public Map<String, Object> run() {
        Map<String, Object> report = new LinkedHashMap<>();
        Map<String, Object> env = Engines.describe();
        report.put("engine", env.get("engine") + " " + env.get("engine_version"));
        report.put("device", device.toString());
        report.put("intra_op_threads", env.get("intra_op_threads"));
        report.put("k", k);
        report.put("oversamples", oversamples);
        report.put("spectrum", "sigma_i = " + decay + "^i, float32");
        report.put("repeats", repeats);
        List<Object> rows = new ArrayList<>();
        List<Object> hostRows = new ArrayList<>();
        try (NDManager manager = NDManager.newBaseManager(device, Engines.ENGINE_NAME)) {
            warmUp(manager);
            for (int n : sizes) {
                try (NDManager sub = manager.newSubManager()) {
                    NDArray w = decayingMatrix(sub, n);
                    rows.add(measure(w, n));
                    if (n <= hostMaxSize) {
                        hostRows.add(hostVsDevice(w, n));
                    }
                }
            }
        }
        report.put("exact_vs_randomized", rows);
        report.put("host_vs_device_products", hostRows);
        return report;
    }

    private void warmUp(NDManager manager) {
        try (NDManager sub = manager.newSubManager()) {
            NDArray x = sub.randomNormal(new Shape(64, 64));
            Linalg.svd(x);
            RandomizedSvd.builder().setRank(8).build().decompose(x);
        }
    }

    private Map<String, Object> measure(NDArray w, int n) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("n", n);
        float[] exact = null;
        double[] times = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            NDList usv = Linalg.svd(w);
            float[] s = usv.get(1).get(":" + k).toFloatArray(); // reading forces completion on async devices
            times[i] = (System.nanoTime() - t0) / 1e9;
            exact = s;
            usv.close();
        }
        double exactTime = median(times);
        row.put("exact_svd_s", round(exactTime));
        row.put("exact_vs_true_spectrum_max_rel_err", sci(maxRelErr(exact, trueSpectrum())));
        List<Object> randomized = new ArrayList<>();
        for (int niter : niters) {
            RandomizedSvd svd = RandomizedSvd.builder().setRank(k).optOversamples(oversamples).optNiter(niter)
                    .optSeed(seed).build();
            float[] approx = null;
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                NDList usv = svd.decompose(w);
                approx = usv.get(1).toFloatArray();
                times[i] = (System.nanoTime() - t0) / 1e9;
                usv.close();
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("niter", niter);
            r.put("time_s", round(median(times)));
            r.put("speedup_vs_exact", round(exactTime / median(times)));
            r.put("topk_max_rel_err", sci(maxRelErr(approx, exact)));
            r.put("topk_mean_rel_err", sci(meanRelErr(approx, exact)));
            randomized.add(r);
        }
        row.put("randomized", randomized);
        LOG.info("n={}: {}", n, row);
        return row;
    }

    private Map<String, Object> hostVsDevice(NDArray w, int n) {
        int niter = niters.get(niters.size() - 1);
        RandomizedSvd svd = RandomizedSvd.builder().setRank(k).optOversamples(oversamples).optNiter(niter)
                .optSeed(seed).build();
        double[] times = new double[repeats];
        float[] device = null;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            NDList usv = svd.decompose(w);
            device = usv.get(1).toFloatArray();
            times[i] = (System.nanoTime() - t0) / 1e9;
            usv.close();
        }
        float[] host = w.toFloatArray();
        HostRandomizedSvd hostSvd = new HostRandomizedSvd(k, oversamples, niter, seed);
        long t0 = System.nanoTime();
        float[] hostS = hostSvd.singularValues(host, n, n, w.getManager());
        double hostTime = (System.nanoTime() - t0) / 1e9;
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("n", n);
        row.put("niter", niter);
        row.put("device_products_s", round(median(times)));
        row.put("host_plain_java_products_s", round(hostTime));
        row.put("host_over_device", round(hostTime / median(times)));
        row.put("host_vs_device_topk_max_rel_diff", sci(maxRelErr(hostS, device)));
        row.put("note", "same algorithm and test matrix; host: single-thread Java products + Gram-Schmidt, "
                + "the small SVD of [k+p, n] via libtorch on the CPU");
        LOG.info("host vs device: {}", row);
        return row;
    }

    private float[] trueSpectrum() {
        float[] s = new float[k];
        for (int i = 0; i < k; i++) {
            s[i] = (float) Math.pow(decay, i);
        }
        return s;
    }

    /** {@code U·diag(decay^i)·Vᵀ} with U, V orthonormal from the QR of Gaussian matrices, built on the device. */
    private NDArray decayingMatrix(NDManager manager, int n) {
        ai.djl.engine.Engine.getEngine(Engines.ENGINE_NAME).setRandomSeed((int) seed);
        NDArray u = Linalg.qr(manager.randomNormal(new Shape(n, n))).get(0);
        NDArray v = Linalg.qr(manager.randomNormal(new Shape(n, n))).get(0);
        NDArray s = manager.arange(n).toType(DataType.FLOAT32, false).mul(Math.log(decay)).exp();
        return u.mul(s.expandDims(0)).matMul(v.transpose());
    }

    private static double maxRelErr(float[] approx, float[] exact) {
        double max = 0;
        for (int i = 0; i < exact.length; i++) {
            max = Math.max(max, Math.abs(approx[i] - exact[i]) / Math.abs(exact[i]));
        }
        return max;
    }

    private static double meanRelErr(float[] approx, float[] exact) {
        double sum = 0;
        for (int i = 0; i < exact.length; i++) {
            sum += Math.abs(approx[i] - exact[i]) / Math.abs(exact[i]);
        }
        return sum / exact.length;
    }

    private static double median(double[] v) {
        double[] c = v.clone();
        Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double round(double v) {
        return Math.round(v * 1000.0) / 1000.0;
    }

    private static String sci(double v) {
        return String.format(java.util.Locale.ROOT, "%.2e", v);
    }

    /** Builds a {@link SvdBenchmark}; every setting is optional. */
    public static final class Builder {
        private List<Integer> sizes = List.of(1024, 4096);
        private int k = 64;
        private int oversamples = RandomizedSvd.DEFAULT_OVERSAMPLES;
        private List<Integer> niters = List.of(2, 4);
        private double decay = 0.95;
        private int repeats = 1;
        private int hostMaxSize = 1024;
        private long seed = 0;
        private Device device;

        private Builder() {}

        /**
         * Sets the matrix sizes (square).
         *
         * @param sizes default 1024, 4096
         * @return this builder
         */
        public Builder optSizes(List<Integer> sizes) {
            this.sizes = List.copyOf(sizes);
            return this;
        }

        /**
         * Sets the number of singular triplets.
         *
         * @param k default 64
         * @return this builder
         */
        public Builder optK(int k) {
            this.k = k;
            return this;
        }

        /**
         * Sets the oversampling.
         *
         * @param oversamples default 10
         * @return this builder
         */
        public Builder optOversamples(int oversamples) {
            this.oversamples = oversamples;
            return this;
        }

        /**
         * Sets the power-iteration counts to compare; the last one is used for host vs device.
         *
         * @param niters default 2, 4
         * @return this builder
         */
        public Builder optNiters(List<Integer> niters) {
            if (niters.isEmpty()) {
                throw new IllegalArgumentException("niters must not be empty");
            }
            this.niters = List.copyOf(niters);
            return this;
        }

        /**
         * Sets the ratio of consecutive singular values.
         *
         * @param decay in (0, 1), default 0.95
         * @return this builder
         */
        public Builder optDecay(double decay) {
            if (!(decay > 0 && decay < 1)) {
                throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
            }
            this.decay = decay;
            return this;
        }

        /**
         * Sets the number of timed repetitions (the median is reported).
         *
         * @param repeats default 1
         * @return this builder
         */
        public Builder optRepeats(int repeats) {
            if (repeats < 1) {
                throw new IllegalArgumentException("repeats must be >= 1, got " + repeats);
            }
            this.repeats = repeats;
            return this;
        }

        /**
         * Sets the largest size for which the host-products variant runs.
         *
         * @param hostMaxSize default 1024
         * @return this builder
         */
        public Builder optHostMaxSize(int hostMaxSize) {
            this.hostMaxSize = hostMaxSize;
            return this;
        }

        /**
         * Sets the seed.
         *
         * @param seed default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the device.
         *
         * @param device default {@link Engines#defaultDevice()}
         * @return this builder
         */
        public Builder optDevice(Device device) {
            this.device = device;
            return this;
        }

        /**
         * Builds the benchmark.
         *
         * @return the benchmark
         */
        public SvdBenchmark build() {
            for (int n : sizes) {
                if (n < k + oversamples) {
                    throw new IllegalArgumentException("size " + n + " is smaller than k + oversamples = "
                            + (k + oversamples));
                }
            }
            return new SvdBenchmark(this);
        }
    }
}
