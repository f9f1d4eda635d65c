package org.badit.clustering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Capacity-constrained assignment, batched over G problems: each of K clusters receives exactly {@code c = N/K}
 * items, maximizing the total score. The result is always a valid balanced partition (never a greedy fill that
 * duplicates or drops items).
 *
 * <p>Two backends:
 * <ul>
 *   <li>{@link Backend#HOST} (default, exact): one device→host transfer of the {@code [G, N, K]} scores, then G
 *       Hungarian solves of the N × N problem whose columns are the K clusters tiled c times ({@link Hungarian}).
 *       For DOG's sizes (N = 32) a solve takes microseconds; the cost is the one transfer and sync.</li>
 *   <li>{@link Backend#DEVICE}: a Jacobi auction (Bertsekas) with ε-scaling for objects with capacity (each cluster
 *       is c identical slots and keeps its c highest offers per round, so one round can fill many slots), written
 *       as batched tensor ops, so nothing leaves the device except a flag read every few rounds. It is
 *       ε-optimal: its total is within {@code N·ε_final} of the optimum, ε_final = {@code epsilon · (max − min
 *       score)}; ties and near-ties may therefore resolve differently from the exact solver.</li>
 * </ul>
 */
public final class BalancedAssignment {

    /** Where the assignment is solved. */
    public enum Backend {
        /** Exact Hungarian on the host after one batched transfer. */
        HOST,
        /** ε-optimal auction in tensor ops on the scores' device. */
        DEVICE
    }

    private final int clusters;
    private final Backend backend;
    private final double epsilon;
    private final int checkEvery;
    private final int maxRounds;

    private BalancedAssignment(Builder b) {
        this.clusters = b.clusters;
        this.backend = b.backend;
        this.epsilon = b.epsilon;
        this.checkEvery = b.checkEvery;
        this.maxRounds = b.maxRounds;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@link Builder#setClusters(int)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Exact balanced assignment of one problem on the host.
     *
     * @param score {@code N × K} scores
     * @return labels in [0, K), each exactly N/K times
     */
    public static int[] solveHost(double[][] score) {
        return Hungarian.balanced(score);
    }

    /**
     * Assigns every problem of the batch.
     *
     * @param scores {@code [G, N, K]} similarities of item i to cluster k, finite
     * @return {@code [G, N]} int64 labels, attached to the scores' manager
     */
    public NDArray assign(NDArray scores) {
        Shape s = scores.getShape();
        if (s.dimension() != 3 || s.get(2) != clusters) {
            throw new IllegalArgumentException("scores must have shape [G, N, K=" + clusters + "], got " + s);
        }
        int g = (int) s.get(0);
        int n = (int) s.get(1);
        Partitions.checkBalanced(n, clusters);
        return backend == Backend.HOST ? assignHost(scores, g, n) : assignDevice(scores, g, n);
    }

    private NDArray assignHost(NDArray scores, int g, int n) {
        double[] flat;
        try (NDManager sub = scores.getManager().newSubManager()) {
            scores.tempAttach(sub);
            flat = scores.toType(DataType.FLOAT64, false).toDoubleArray();
        }
        long[] labels = new long[g * n];
        double[][] one = new double[n][clusters];
        for (int p = 0; p < g; p++) {
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < clusters; k++) {
                    double v = flat[(p * n + i) * clusters + k];
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("problem g=" + p + ", item i=" + i + ": score for cluster "
                                + k + " is not finite (" + v + ")");
                    }
                    one[i][k] = v;
                }
            }
            int[] l = Hungarian.balanced(one);
            for (int i = 0; i < n; i++) {
                labels[p * n + i] = l[i];
            }
        }
        return scores.getManager().create(labels, new Shape(g, n));
    }

    private NDArray assignDevice(NDArray scores, int g, int n) {
        NDManager parent = scores.getManager();
        if (clusters == 1) {
            return parent.zeros(new Shape(g, n), DataType.INT64);
        }
        try (NDManager sub = parent.newSubManager()) {
            scores.tempAttach(sub);
            // float64: prices accumulate many ε-sized increments.
            NDArray a = scores.toType(DataType.FLOAT64, false); // [G, N, K]
            if (a.isNaN().logicalOr(a.isInfinite()).any().getBoolean()) {
                throw new IllegalArgumentException("scores contain NaN or Inf");
            }
            int c = n / clusters;
            double range = Math.max(a.max().getDouble() - a.min().getDouble(), 1e-12);
            double epsFinal = epsilon * range;
            double eps = Math.max(range / 4, epsFinal);
            NDArray negInf = sub.full(new Shape(1), Float.NEGATIVE_INFINITY).toType(DataType.FLOAT64, false);
            NDArray posInf = sub.full(new Shape(1), Float.POSITIVE_INFINITY).toType(DataType.FLOAT64, false);
            NDArray arangeN = sub.arange(n);
            NDArray arangeK = sub.arange((long) clusters);
            NDArray floor = sub.zeros(new Shape(g, clusters), DataType.FLOAT64); // price of a free slot
            NDArray held = null; // [G, N, K] 0/1: item i holds a slot of cluster k
            NDArray standing = null; // [G, N] the price the holder paid
            int rounds = 0;
            while (true) {
                // Each ε phase restarts the bidding from the previous phase's price levels.
                held = sub.zeros(new Shape(g, n, clusters), DataType.BOOLEAN);
                standing = sub.zeros(new Shape(g, n), DataType.FLOAT64);
                int phaseRounds = 0;
                while (true) {
                    NDArray unassigned = held.toType(DataType.INT32, false).sum(new int[] {-1}).eq(0); // [G, N]
                    if (phaseRounds % checkEvery == 0 && !unassigned.any().getBoolean()) {
                        break;
                    }
                    if (++rounds > maxRounds) {
                        throw new IllegalStateException("auction did not converge in " + maxRounds + " rounds");
                    }
                    phaseRounds++;
                    NDArray price = clusterPrice(held, standing, floor, c, posInf);
                    NDArray value = a.sub(price.expandDims(1)); // [G, N, K]
                    NDList top = value.topK(2, -1, true, true);
                    NDArray v1 = top.get(0).get("..., 0");
                    NDArray v2 = top.get(0).get("..., 1");
                    NDArray best = top.get(1).get("..., 0"); // [G, N]
                    // The bid that leaves the bidder indifferent to its second choice, plus ε.
                    NDArray bid = price.gather(best, -1).add(v1.sub(v2)).add(eps);
                    NDArray target = best.expandDims(-1).eq(arangeK).logicalAnd(unassigned.expandDims(-1));
                    NDArray offers = Ops.where(held, standing.expandDims(-1),
                            Ops.where(target, bid.expandDims(-1), negInf)); // [G, N, K]
                    // Every cluster keeps its c highest offers (standing holders included); the rest are evicted.
                    NDList kept = offers.swapAxes(1, 2).topK(c, -1, true, false); // [G, K, c]
                    NDArray valid = kept.get(0).gt(Float.NEGATIVE_INFINITY);
                    NDArray slot = kept.get(1).expandDims(-1).eq(arangeN).logicalAnd(valid.expandDims(-1)); // [G,K,c,N]
                    held = slot.toType(DataType.INT32, false).sum(new int[] {2}).gt(0).swapAxes(1, 2); // [G, N, K]
                    standing = Ops.where(held, offers, sub.zeros(new Shape(1), DataType.FLOAT64))
                            .sum(new int[] {-1});
                }
                if (eps <= epsFinal) {
                    break;
                }
                floor = clusterPrice(held, standing, floor, c, posInf);
                eps = Math.max(eps / 5, epsFinal);
            }
            NDArray labels = held.toType(DataType.INT32, false).argMax(-1);
            labels.attach(parent);
            return labels;
        }
    }

    /** A full cluster costs its cheapest holder's price (the cheapest copy); one with a free slot costs its floor. */
    private static NDArray clusterPrice(NDArray held, NDArray standing, NDArray floor, int c, NDArray posInf) {
        NDArray count = held.toType(DataType.INT32, false).sum(new int[] {1}); // [G, K]
        NDArray minHeld = Ops.where(held, standing.expandDims(-1), posInf).min(new int[] {1}); // [G, K]
        return Ops.where(count.eq(c), minHeld, floor);
    }

    /** Builder in DJL style. */
    public static final class Builder {
        private int clusters = -1;
        private Backend backend = Backend.HOST;
        private double epsilon = 1e-6;
        private int checkEvery = 4;
        private int maxRounds = 200_000;

        private Builder() {}

        /**
         * Sets the number of clusters K (required); N must be divisible by K.
         *
         * @param k clusters
         * @return this
         */
        public Builder setClusters(int k) {
            this.clusters = k;
            return this;
        }

        /**
         * Selects the backend. Default {@link Backend#HOST} (exact).
         *
         * @param b backend
         * @return this
         */
        public Builder optBackend(Backend b) {
            this.backend = b;
            return this;
        }

        /**
         * Sets the device auction's final ε relative to the score range. Default 1e-6.
         *
         * @param eps &gt; 0
         * @return this
         */
        public Builder optEpsilon(double eps) {
            this.epsilon = eps;
            return this;
        }

        /**
         * Sets how often (in rounds) the device auction reads its termination flag. Default 4.
         *
         * @param n ≥ 1
         * @return this
         */
        public Builder optCheckEvery(int n) {
            this.checkEvery = n;
            return this;
        }

        /**
         * Builds the strategy.
         *
         * @return the assignment
         */
        public BalancedAssignment build() {
            if (clusters < 1) {
                throw new IllegalArgumentException("setClusters(K) is required and K must be >= 1, got " + clusters);
            }
            if (!(epsilon > 0) || checkEvery < 1) {
                throw new IllegalArgumentException("epsilon must be > 0 and checkEvery >= 1");
            }
            return new BalancedAssignment(this);
        }
    }
}
