package org.badit.clustering.tasks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups tasks by their affinities with one {@link GroupingMethod}, choosing the number of groups k when it is not
 * given: the k in [2, min(n − 1, maxClusters)] whose partition has the highest mean {@link Silhouette} (n ≤ 2: one
 * group). {@link GroupingMethod#SDP_ADAPTIVE} chooses k that way on its first batch only, since later batches never
 * see a full matrix.
 *
 * <pre>{@code
 * TaskGrouping.Result r = TaskGrouping.builder().setMethod(GroupingMethod.SDP).optClusters(3).build()
 *         .group(AffinityOracle.of(t), t.length);
 * }</pre>
 */
public final class TaskGrouping {

    private final GroupingMethod method;
    private final int clusters;
    private final int maxClusters;
    private final int batchSize;
    private final long seed;

    private TaskGrouping(Builder b) {
        this.method = b.method;
        this.clusters = b.clusters;
        this.maxClusters = b.maxClusters;
        this.batchSize = b.batchSize;
        this.seed = b.seed;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@link Builder#setMethod} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A grouping.
     *
     * @param labels one group per task, in [0, groups)
     * @param affinity {@code n × n} the affinities the grouping saw (see {@link SdpTaskGrouping.Adaptive} for the
     *     adaptive mode's)
     * @param clusters k asked of the method (given, or chosen)
     * @param criterion how k was chosen, in words
     * @param objective the SDP objective ⟨(T + Tᵀ)/2, X⟩ of the partition, X_ij = 1/|C| within a group C
     * @param silhouette the partition's mean silhouette
     * @param evaluations node pairs asked of the oracle (for the loss estimator: validation losses measured)
     * @param fullEvaluations node pairs a one-shot grouping asks for, n²
     * @param passes nodes asked of the oracle, summed over calls (for the gradient estimator: backward passes; for
     *     the loss estimator: few-step trainings)
     * @param fullPasses nodes a one-shot grouping asks for, n
     */
    public record Result(int[] labels, double[][] affinity, int clusters, String criterion, double objective,
            double silhouette, long evaluations, long fullEvaluations, long passes, long fullPasses) {

        /**
         * The number of groups found (the SDP's rounding may find other than k).
         *
         * @return groups
         */
        public int groups() {
            int g = 0;
            for (int l : labels) {
                g = Math.max(g, l + 1);
            }
            return g;
        }
    }

    /**
     * Groups n tasks.
     *
     * @param oracle their affinities, asked once per group list (answers are memoized)
     * @param n the number of tasks
     * @return the grouping
     * @throws IllegalArgumentException when k exceeds n or the affinities are not finite
     */
    public Result group(AffinityOracle oracle, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("no tasks to group");
        }
        if (clusters > n) {
            throw new IllegalArgumentException("clusters k = " + clusters + " exceeds the number of tasks " + n);
        }
        Map<List<List<Integer>>, double[][]> memo = new HashMap<>();
        long[] asked = {0, 0};
        AffinityOracle cached = groups -> memo.computeIfAbsent(groups, g -> {
            asked[0] += (long) g.size() * g.size();
            asked[1] += g.size();
            double[][] t = oracle.between(g);
            AffinityMatrices.check(t, 1);
            return t;
        });
        if (method == GroupingMethod.SDP_ADAPTIVE) {
            int batch = batchSize > 0 ? Math.min(batchSize, n) : (n + 1) / 2;
            int k = clusters;
            String criterion = "given (--groups)";
            if (k == 0) {
                double[][] first = cached.between(singletons(0, batch));
                k = chooseK(first);
                criterion = "best mean silhouette over k in [2, " + Math.max(2, Math.min(batch - 1, maxClusters))
                        + "] on the first batch of " + batch + " tasks";
            }
            SdpTaskGrouping.Adaptive a = SdpTaskGrouping.builder().setClusters(k).build()
                    .groupAdaptively(cached, n, batch);
            return result(a.labels(), a.affinity(), k, criterion, asked, n);
        }
        double[][] t = cached.between(singletons(0, n));
        int k = clusters > 0 ? clusters : chooseK(t);
        String criterion = clusters > 0 ? "given (--groups)" : n <= 2 ? "one group (n <= 2)"
                : "best mean silhouette over k in [2, " + Math.min(n - 1, maxClusters) + "]";
        return result(labels(t, k), t, k, criterion, asked, n);
    }

    private int chooseK(double[][] t) {
        int n = t.length;
        if (n <= 2) {
            return 1;
        }
        int best = 2;
        double bestScore = Double.NEGATIVE_INFINITY;
        for (int k = 2; k <= Math.min(n - 1, maxClusters); k++) {
            double score = Silhouette.of(t, labels(t, k));
            if (score > bestScore + 1e-12) { // ties: the smaller k
                bestScore = score;
                best = k;
            }
        }
        return best;
    }

    private int[] labels(double[][] t, int k) {
        return switch (method) {
            case SDP, SDP_ADAPTIVE -> SdpTaskGrouping.builder().setClusters(k).build().group(t);
            case SPECTRAL -> new SpectralClustering(k, seed).cluster(t);
            case LLOYD -> LloydKMeans.builder().setClusters(k).optSeed(seed).build().cluster(t);
        };
    }

    private static Result result(int[] labels, double[][] t, int k, String criterion, long[] asked, int n) {
        int[] compact = compact(labels);
        return new Result(compact, t, k, criterion, objective(t, compact), Silhouette.of(t, compact), asked[0],
                (long) n * n, asked[1], n);
    }

    /** Renumbers labels 0, 1, ... in order of first appearance, so groups.json reads in task order. */
    private static int[] compact(int[] labels) {
        Map<Integer, Integer> ids = new HashMap<>();
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = ids.computeIfAbsent(labels[i], l -> ids.size());
        }
        return out;
    }

    /**
     * The SDP objective of a partition: ⟨(T + Tᵀ)/2, X⟩ with X_ij = 1/|C| for i, j in the same group C.
     *
     * @param affinity {@code n × n}
     * @param labels one group per task
     * @return Σ_C (1/|C|) Σ_{i, j ∈ C} T_ij
     */
    public static double objective(double[][] affinity, int[] labels) {
        Map<Integer, Integer> size = new HashMap<>();
        for (int l : labels) {
            size.merge(l, 1, Integer::sum);
        }
        double[][] s = AffinityMatrices.symmetrize(affinity);
        double total = 0;
        for (int i = 0; i < labels.length; i++) {
            for (int j = 0; j < labels.length; j++) {
                if (labels[i] == labels[j]) {
                    total += s[i][j] / size.get(labels[i]);
                }
            }
        }
        return total;
    }

    private static List<List<Integer>> singletons(int from, int to) {
        List<List<Integer>> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(List.of(i));
        }
        return out;
    }

    /** Builder in DJL style. */
    public static final class Builder {
        private GroupingMethod method;
        private int clusters;
        private int maxClusters = 8;
        private int batchSize;
        private long seed = 7;

        private Builder() {}

        /**
         * Sets the method (required).
         *
         * @param m the method
         * @return this
         */
        public Builder setMethod(GroupingMethod m) {
            this.method = m;
            return this;
        }

        /**
         * Sets k. Default 0: chosen by the mean silhouette.
         *
         * @param k ≥ 0
         * @return this
         */
        public Builder optClusters(int k) {
            this.clusters = k;
            return this;
        }

        /**
         * Sets the largest k the silhouette criterion tries. Default 8.
         *
         * @param k ≥ 2
         * @return this
         */
        public Builder optMaxClusters(int k) {
            this.maxClusters = k;
            return this;
        }

        /**
         * Sets the adaptive mode's tasks per batch. Default 0: half the tasks, rounded up.
         *
         * @param size ≥ 0
         * @return this
         */
        public Builder optBatchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /**
         * Sets the seed of the k-means in the spectral and Lloyd methods. Default 7.
         *
         * @param s seed
         * @return this
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Builds it.
         *
         * @return the grouping
         */
        public TaskGrouping build() {
            if (method == null) {
                throw new IllegalArgumentException("setMethod is required");
            }
            if (clusters < 0 || maxClusters < 2 || batchSize < 0) {
                throw new IllegalArgumentException("groups k must be >= 0 (0: chosen), max clusters >= 2 and batch "
                        + "size >= 0; got " + clusters + ", " + maxClusters + ", " + batchSize);
            }
            return new TaskGrouping(this);
        }
    }
}
