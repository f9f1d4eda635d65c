package org.badit.clustering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * A full DOG regroup of G layers of one shape: spherical k-means (warm-started from the current layout) →
 * orthogonal refinement with the exact balanced assignment → labels renamed to agree with the current layout (an
 * exact K × K matching on overlaps, so expert identities persist) → the slot permutation that moves parameters and
 * optimizer moments together. Model-free: it takes the [G, N, D] component directions and returns permutations.
 */
public final class Regrouper {

    private final int clusters;
    private final KMeansSettings kmeans;
    private final int refineIterations;
    private final BalancedAssignment.Backend assignment;
    private final ClusteringBackend backend;
    private final int chunk;

    private Regrouper(Builder b) {
        this.clusters = b.clusters;
        this.chunk = b.chunk;
        // The k-means defaults (tolerance, convergence-check period) are SphericalKMeans's own.
        this.kmeans = SphericalKMeans.builder().setClusters(b.clusters).optRestarts(b.restarts)
                .optMaxIterations(b.kmeansIterations).optSignInvariant(b.signInvariant).optSeed(b.seed).settings();
        this.refineIterations = b.refineIterations;
        this.assignment = b.backend;
        this.backend = b.clustering;
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
     * Regroups every layer; the current layout is "component i is in expert i / c".
     *
     * @param directions {@code [G, N, D]} e.g. EMA gradients [∂A row; ∂B column] of each rank-1 component
     * @return labels and slot permutations per layer
     */
    public RegroupResult regroup(NDArray directions) {
        Shape s = directions.getShape();
        if (s.dimension() != 3) {
            throw new IllegalArgumentException("expected directions of shape [G, N, D], got " + s);
        }
        int g = (int) s.get(0);
        if (chunk > 0 && chunk < g) {
            int[][] labels = new int[g][];
            int[][] perms = new int[g][];
            int[] moved = new int[g];
            int kmIt = 0;
            int refIt = 0;
            for (int start = 0; start < g; start += chunk) {
                int end = Math.min(g, start + chunk);
                RegroupResult part;
                try (NDArray slice = directions.get(start + ":" + end)) {
                    part = regroupAll(slice);
                }
                System.arraycopy(part.labels(), 0, labels, start, end - start);
                System.arraycopy(part.permutations(), 0, perms, start, end - start);
                System.arraycopy(part.moved(), 0, moved, start, end - start);
                kmIt = Math.max(kmIt, part.kmeansIterations());
                refIt = Math.max(refIt, part.refinementIterations());
            }
            return new RegroupResult(labels, perms, moved, kmIt, refIt);
        }
        return regroupAll(directions);
    }

    private RegroupResult regroupAll(NDArray directions) {
        Shape s = directions.getShape();
        int g = (int) s.get(0);
        int n = (int) s.get(1);
        Partitions.checkBalanced(n, clusters);
        int c = n / clusters;
        int[][] warm = new int[g][n]; // the current layout: component i is in expert i / c
        for (int p = 0; p < g; p++) {
            for (int i = 0; i < n; i++) {
                warm[p][i] = i / c;
            }
        }
        ClusteringBackend.Clustering found = backend.cluster(directions, warm, kmeans, refineIterations, assignment);
        int[][] labels = found.labels();
        int[][] perms = new int[g][];
        int[] moved = new int[g];
        int[] layout = new int[n];
        for (int i = 0; i < n; i++) {
            layout[i] = i / c;
        }
        for (int p = 0; p < g; p++) {
            labels[p] = Partitions.alignTo(labels[p], layout, clusters);
            perms[p] = Partitions.slotPermutation(labels[p], clusters);
            for (int slot = 0; slot < n; slot++) {
                if (perms[p][slot] != slot) {
                    moved[p]++;
                }
            }
        }
        return new RegroupResult(labels, perms, moved, found.kmeansIterations(), found.refinementIterations());
    }

    /** k-means++ restarts per regroup unless set. */
    public static final int DEFAULT_RESTARTS = 3;

    /** Builder in DJL style. */
    public static final class Builder {
        private int clusters = -1;
        private int restarts = DEFAULT_RESTARTS;
        private int kmeansIterations = 50;
        private int refineIterations = 10;
        private boolean signInvariant = true;
        private long seed = 42;
        private BalancedAssignment.Backend backend = BalancedAssignment.Backend.HOST;
        private ClusteringBackend clustering = ClusteringBackend.LIBTORCH;
        private int chunk;

        private Builder() {}

        /**
         * Solves at most this many layers per batched call (0 = all G at once, the default). On a GPU one call for
         * all layers is best (kernel launches dominate); on a CPU a few layers per call keep the working set
         * ([chunk, N, D] floats) in cache — see docs/clustering.md. Results do not depend on it.
         *
         * @param layers layers per call, ≥ 0
         * @return this
         */
        public Builder optChunk(int layers) {
            this.chunk = layers;
            return this;
        }

        /**
         * Sets the number of experts K (required).
         *
         * @param k experts
         * @return this
         */
        public Builder setClusters(int k) {
            this.clusters = k;
            return this;
        }

        /**
         * Sets the k-means++ restarts. Default 3.
         *
         * @param n ≥ 1
         * @return this
         */
        public Builder optRestarts(int n) {
            this.restarts = n;
            return this;
        }

        /**
         * Sets the k-means iteration cap. Default 50.
         *
         * @param n ≥ 1
         * @return this
         */
        public Builder optKMeansIterations(int n) {
            this.kmeansIterations = n;
            return this;
        }

        /**
         * Sets the refinement's alternation cap. Default 10.
         *
         * @param n ≥ 1
         * @return this
         */
        public Builder optRefineIterations(int n) {
            this.refineIterations = n;
            return this;
        }

        /**
         * Whether v and −v are the same direction. Default true: a rank-1 component (a, b) equals (−a, −b).
         *
         * @param on sign invariance
         * @return this
         */
        public Builder optSignInvariant(boolean on) {
            this.signInvariant = on;
            return this;
        }

        /**
         * Sets the seed. Default 42.
         *
         * @param s seed
         * @return this
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Sets the balanced-assignment backend. Default host (exact).
         *
         * @param b backend
         * @return this
         */
        public Builder optBackend(BalancedAssignment.Backend b) {
            this.backend = b;
            return this;
        }

        /**
         * Sets where k-means and refinement run (default {@link ClusteringBackend#LIBTORCH}).
         *
         * @param clustering the backend
         * @return this
         */
        public Builder optClusteringBackend(ClusteringBackend clustering) {
            this.clustering = java.util.Objects.requireNonNull(clustering, "clustering backend");
            return this;
        }

        /**
         * Builds the regrouper.
         *
         * @return the regrouper
         */
        public Regrouper build() {
            if (clusters < 1) {
                throw new IllegalArgumentException("setClusters(K) is required and K must be >= 1, got " + clusters);
            }
            if (chunk < 0) {
                throw new IllegalArgumentException("chunk must be >= 0, got " + chunk);
            }
            return new Regrouper(this);
        }
    }
}
