package org.badit.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.badit.clustering.BalancedAssignment;
import org.badit.clustering.ClusteringBackend;
import org.badit.clustering.KMeansResult;
import org.badit.clustering.Regrouper;
import org.badit.clustering.SphericalKMeans;
import org.badit.clustering.nd4j.Nd4jClustering;
import org.badit.clustering.OrthogonalRefinement;
import org.badit.lora.engine.Engines;
import org.badit.lora.linalg.Linalg;

/**
 * The clustering benchmark behind {@code badit bench-clustering}: one full DOG regroup (k-means + orthogonal
 * refinement + exact balanced assignment) of G layers batched vs a per-layer loop, the assignment step on the host
 * vs on the device, and the task-grouping recovery comparison. Returns plain maps (the CLI prints JSON).
 */
public final class ClusteringBenchmark {

    /** Sizes and repetitions. */
    public record Config(int layers, int components, int dim, int experts, int repeats, long seed, boolean tasks) {

        /** The setting: 28 layers, 32 components, D = 2·3072, K = 4 experts of rank 8. */
        public static Config defaults() {
            return new Config(28, 32, 6144, 4, 5, 42, true);
        }
    }

    private ClusteringBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param cfg sizes
     * @return ordered results: machine, regroup timings, assignment timings, task-grouping ARI
     */
    public static Map<String, Object> run(Config cfg) {
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Object> env = Engines.describe();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("device", env.get("default_device"));
        machine.put("intra_op_threads", env.get("intra_op_threads"));
        machine.put("available_processors", env.get("available_processors"));
        machine.put("engine", env.get("engine") + " " + env.get("engine_version") + ", DJL " + env.get("djl_version"));
        out.put("machine", machine);
        Map<String, Object> sizes = new LinkedHashMap<>();
        sizes.put("layers_G", cfg.layers());
        sizes.put("components_N", cfg.components());
        sizes.put("dim_D", cfg.dim());
        sizes.put("experts_K", cfg.experts());
        sizes.put("repeats", cfg.repeats());
        out.put("sizes", sizes);
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            NDArray x = gradients(manager, cfg);
            out.put("regroup", regroup(x, cfg));
            out.put("backends", backends(manager, cfg));
            out.put("assignment", assignment(x, cfg));
        }
        if (cfg.tasks()) {
            out.put("task_grouping", tasks(cfg.seed()));
        }
        return out;
    }

    /**
     * Synthetic "EMA gradients": K random directions per layer, random signs, noise as large as the signal.
     *
     * @param manager where to create them
     * @param cfg sizes and seed
     * @return {@code [G, N, D]}
     */
    public static NDArray gradients(NDManager manager, Config cfg) {
        Random r = new Random(cfg.seed());
        int g = cfg.layers();
        int n = cfg.components();
        int d = cfg.dim();
        int k = cfg.experts();
        float[] flat = new float[g * n * d];
        double scale = 1 / Math.sqrt(d);
        for (int p = 0; p < g; p++) {
            double[][] dirs = new double[k][d];
            for (double[] dir : dirs) {
                for (int j = 0; j < d; j++) {
                    dir[j] = r.nextGaussian() * scale;
                }
            }
            for (int i = 0; i < n; i++) {
                int c = r.nextInt(k);
                double sign = r.nextBoolean() ? 1 : -1;
                for (int j = 0; j < d; j++) {
                    flat[(p * n + i) * d + j] = (float) (sign * dirs[c][j] + r.nextGaussian() * scale);
                }
            }
        }
        return manager.create(flat, new Shape(g, n, d));
    }

    private static Map<String, Object> regroup(NDArray x, Config cfg) {
        int g = cfg.layers();
        Regrouper regrouper = Regrouper.builder().setClusters(cfg.experts()).optSeed(cfg.seed()).build();
        SphericalKMeans km = SphericalKMeans.builder().setClusters(cfg.experts()).optSignInvariant(true)
                .optSeed(cfg.seed()).build();
        OrthogonalRefinement ref = OrthogonalRefinement.builder().setClusters(cfg.experts()).optSignInvariant(true)
                .build();
        Map<String, Object> m = new LinkedHashMap<>();
        int[] iterations = new int[2];
        double batched = medianMs(cfg.repeats(), () -> {
            var res = regrouper.regroup(x);
            iterations[0] = res.kmeansIterations();
            iterations[1] = res.refinementIterations();
            return null;
        });
        double batchedCpu = lastCpuMs;
        // The per-layer loop: the same regroup, one layer per call (G calls, G times the host round trips).
        Regrouper perLayer = Regrouper.builder().setClusters(cfg.experts()).optSeed(cfg.seed()).optChunk(1).build();
        double loop = medianMs(cfg.repeats(), () -> {
            perLayer.regroup(x);
            return null;
        });
        double loopCpu = lastCpuMs;
        Map<String, Object> chunks = new LinkedHashMap<>();
        for (int size : new int[] {2, 4, 7, 14}) {
            if (size >= g) {
                continue;
            }
            Regrouper chunked = Regrouper.builder().setClusters(cfg.experts()).optSeed(cfg.seed()).optChunk(size)
                    .build();
            double ms = medianMs(cfg.repeats(), () -> {
                chunked.regroup(x);
                return null;
            });
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("wall_ms", round(ms));
            row.put("caller_cpu_ms", round(lastCpuMs));
            chunks.put("layers_per_call_" + size, row);
        }
        double kmeansMs = medianMs(cfg.repeats(), () -> {
            KMeansResult r = km.fit(x);
            r.assignments().close();
            r.centroids().close();
            r.objective().close();
            return null;
        });
        NDArray init;
        KMeansResult r0 = km.fit(x);
        init = r0.assignments();
        double refineMs = medianMs(cfg.repeats(), () -> {
            var r = ref.refine(x, init);
            r.assignments().close();
            r.basis().close();
            r.objective().close();
            return null;
        });
        m.put("batched_ms", round(batched));
        m.put("per_layer_loop_ms", round(loop));
        m.put("loop_over_batched", round(loop / batched));
        m.put("batched_caller_cpu_ms", round(batchedCpu));
        m.put("per_layer_loop_caller_cpu_ms", round(loopCpu));
        m.put("loop_over_batched_cpu", round(loopCpu / batchedCpu));
        m.put("chunked", chunks);
        m.put("batched_kmeans_ms", round(kmeansMs));
        m.put("batched_refinement_ms", round(refineMs));
        m.put("kmeans_iterations", iterations[0]);
        m.put("refinement_iterations", iterations[1]);
        m.put("restarts", 3);
        return m;
    }

    /**
     * The same regroup on each clustering backend (dog_backend), at the configured size and at the demo model's
     * (21 layers, 16 components, D = 480), with the ND4J/libtorch ratio; ND4J only when it is on the classpath
     * (the badit jar does not ship it).
     */
    private static Map<String, Object> backends(NDManager manager, Config cfg) {
        Map<String, Object> m = new LinkedHashMap<>();
        ClusteringBackend nd4j;
        try {
            nd4j = Nd4jClustering.create();
        } catch (IllegalStateException e) {
            m.put("nd4j", "not on the classpath: " + e.getMessage());
            return m;
        }
        Config demo = new Config(21, 16, 480, cfg.experts(), cfg.repeats(), cfg.seed(), false);
        for (Config c : List.of(cfg, demo)) {
            NDArray x = gradients(manager, c);
            Map<String, Object> row = new LinkedHashMap<>();
            for (ClusteringBackend backend : List.of(ClusteringBackend.LIBTORCH, nd4j)) {
                Regrouper r = Regrouper.builder().setClusters(c.experts()).optSeed(c.seed())
                        .optClusteringBackend(backend).build();
                row.put(backend.name() + "_ms", round(medianMs(c.repeats(), () -> {
                    r.regroup(x);
                    return null;
                })));
            }
            row.put("nd4j_over_libtorch", round((double) row.get("nd4j_ms") / (double) row.get("libtorch_ms")));
            m.put("G" + c.layers() + "_N" + c.components() + "_D" + c.dim(), row);
            x.close();
        }
        return m;
    }

    private static Map<String, Object> assignment(NDArray x, Config cfg) {
        int k = cfg.experts();
        int g = cfg.layers();
        int n = cfg.components();
        Map<String, Object> m = new LinkedHashMap<>();
        try (NDManager sub = x.getManager().newSubManager()) {
            // Realistic scores: |⟨ĝ_i, q_k⟩| against the refinement's orthonormal basis of k-means centroids.
            KMeansResult km = SphericalKMeans.builder().setClusters(k).optSignInvariant(true).optSeed(cfg.seed())
                    .build().fit(x);
            km.centroids().attach(sub);
            km.assignments().attach(sub);
            km.objective().attach(sub);
            NDList usv = Linalg.svd(km.centroids());
            NDArray q = usv.get(0).matMul(usv.get(2));
            NDArray xn = x.normalize(2, -1);
            NDArray scores = xn.matMul(q.swapAxes(-1, -2)).abs();
            scores.attach(sub);
            xn.attach(sub);
            usv.attach(sub);
            q.attach(sub);
            BalancedAssignment host = BalancedAssignment.builder().setClusters(k).build();
            BalancedAssignment device = BalancedAssignment.builder().setClusters(k)
                    .optBackend(BalancedAssignment.Backend.DEVICE).build();
            double hostMs = medianMs(cfg.repeats() * 4, () -> {
                host.assign(scores).close();
                return null;
            });
            double hostCpu = lastCpuMs;
            double deviceMs = medianMs(cfg.repeats(), () -> {
                device.assign(scores).close();
                return null;
            });
            double deviceCpu = lastCpuMs;
            long[] h = host.assign(scores).toLongArray();
            long[] d = device.assign(scores).toLongArray();
            float[] s = scores.toFloatArray();
            int same = 0;
            double worstGap = 0;
            for (int p = 0; p < g; p++) {
                double th = 0;
                double td = 0;
                boolean eq = true;
                for (int i = 0; i < n; i++) {
                    th += s[(p * n + i) * k + (int) h[p * n + i]];
                    td += s[(p * n + i) * k + (int) d[p * n + i]];
                    eq &= h[p * n + i] == d[p * n + i];
                }
                same += eq ? 1 : 0;
                worstGap = Math.max(worstGap, th - td);
            }
            m.put("host_hungarian_ms", round(hostMs));
            m.put("device_auction_ms", round(deviceMs));
            m.put("device_over_host", round(deviceMs / hostMs));
            m.put("host_hungarian_caller_cpu_ms", round(hostCpu));
            m.put("device_auction_caller_cpu_ms", round(deviceCpu));
            m.put("device_equal_to_host_problems", same + "/" + g);
            m.put("device_worst_objective_gap", worstGap);
        }
        return m;
    }

    private static List<Map<String, Object>> tasks(long seed) {
        List<Map<String, Object>> rows = new ArrayList<>();
        double[][] settings = {{1, 0.0}, {3, 0.2}, {10, 0.0}, {10, 0.2}};
        for (double[] s : settings) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("tasks_n", 24);
            row.put("clusters_k", 4);
            row.put("within_p", 1.0);
            row.put("between_q", s[1]);
            row.put("noise", 0.2);
            row.put("scale_spread", s[0]);
            row.put("trials", 5);
            Map<String, Double> ari = TaskGroupingComparison.run(24, 4, 1.0, s[1], 0.2, s[0], 5, seed);
            Map<String, Double> rounded = new LinkedHashMap<>();
            ari.forEach((key, v) -> rounded.put(key, Math.round(v * 1000) / 1000.0));
            row.put("mean_ARI", rounded);
            rows.add(row);
        }
        return rows;
    }

    /**
     * Two untimed warm-ups, then the median of {@code repeats} wall-clock runs in milliseconds. Also records the
     * median CPU time of the calling thread in {@link #lastCpuMs}: with one intra-op thread libtorch computes on the
     * caller, so that number is robust to other processes competing for the cores (wall time is not).
     */
    private static double medianMs(int repeats, Supplier<Void> body) {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        body.get(); // warm-ups: JIT, TorchScript profiling runs, the native allocator's pools
        body.get();
        double[] t = new double[repeats];
        double[] cpu = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long c0 = bean.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            body.get();
            t[i] = (System.nanoTime() - t0) / 1e6;
            cpu[i] = (bean.getCurrentThreadCpuTime() - c0) / 1e6;
        }
        Arrays.sort(t);
        Arrays.sort(cpu);
        lastCpuMs = cpu[repeats / 2];
        return t[repeats / 2];
    }

    private static double lastCpuMs;

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
