package org.badit.clustering.nd4j;

import java.util.Arrays;
import org.badit.clustering.KMeansSettings;
import org.badit.clustering.SeedDraws;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Spherical k-means on ND4J {@code INDArray}s (CPU), for DL4J users and as a cross-check of the DJL
 * {@link org.badit.clustering.SphericalKMeans}: the same algorithm step for step — k-means++ from the same
 * {@link SeedDraws}, the same tie-breaking, empty-cluster re-seeding and stopping rule — so a seed gives the same
 * partition up to float rounding of near-ties. The [N, D] products run in ND4J; the tiny [N, K] bookkeeping on the
 * host. Problems are solved one after another (ND4J has no cheap batched path worth the complexity here).
 *
 * <p>This package is the only place that touches ND4J; ND4J is an optional dependency of the module.
 */
public final class Nd4jSphericalKMeans {

    private final KMeansSettings settings;

    private Nd4jSphericalKMeans(Builder b) {
        this.settings = b.settings();
    }

    /**
     * Starts a builder (same options and defaults as the DJL one).
     *
     * @return a builder; {@link Builder#setClusters(int)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Clusters every problem.
     *
     * @param x {@code [G, N, D]} vectors
     * @return labels, centroids, objective
     */
    public Nd4jKMeansResult fit(INDArray x) {
        return fit(x, null);
    }

    /**
     * Clusters every problem with an optional warm start (one extra candidate, as in the DJL implementation).
     *
     * @param x {@code [G, N, D]} vectors
     * @param warmStart {@code [G][N]} labels or null
     * @return labels, centroids, objective
     */
    public Nd4jKMeansResult fit(INDArray x, int[][] warmStart) {
        INDArray xs = Nd4jSupport.checkAndNormalize(x, settings.clusters());
        int g = (int) xs.size(0);
        int n = (int) xs.size(1);
        int d = (int) xs.size(2);
        float[][] u = SeedDraws.uniforms(settings.seed(), settings.restarts(), settings.clusters());
        int[][] labels = new int[g][];
        double[] objective = new double[g];
        INDArray centroids = Nd4j.create(DataType.FLOAT, g, settings.clusters(), d);
        for (int p = 0; p < g; p++) {
            INDArray xn = xs.slice(p);
            Run best = null;
            for (int r = 0; r < settings.restarts(); r++) {
                Run run = lloyd(xn, seeds(xn, u[r]));
                if (best == null || run.objective > best.objective) {
                    best = run;
                }
            }
            if (warmStart != null) {
                if (warmStart[p].length != n) {
                    throw new IllegalArgumentException("warm start of problem g=" + p + " has " + warmStart[p].length
                            + " labels, expected " + n);
                }
                Run run = lloyd(xn, warmCentroids(xn, warmStart[p]));
                if (run.objective > best.objective) {
                    best = run;
                }
            }
            labels[p] = best.labels;
            objective[p] = best.objective;
            centroids.slice(p).assign(best.centroids);
        }
        return new Nd4jKMeansResult(labels, centroids, objective);
    }

    private record Run(int[] labels, INDArray centroids, float objective) {}

    private float[][] sims(INDArray xn, INDArray c) {
        float[][] s = xn.mmul(c.transpose()).toFloatMatrix();
        if (settings.signInvariant()) {
            for (float[] row : s) {
                for (int k = 0; k < row.length; k++) {
                    row[k] = Math.abs(row[k]);
                }
            }
        }
        return s;
    }

    private INDArray seeds(INDArray xn, float[] u) {
        int n = (int) xn.size(0);
        int d = (int) xn.size(1);
        INDArray c = Nd4j.create(DataType.FLOAT, settings.clusters(), d);
        int first = (int) Math.min((long) Math.floor(u[0] * (float) n), n - 1);
        c.putRow(0, xn.getRow(first));
        float[] minDist = new float[n];
        float[][] s = sims(xn, c.getRow(0).reshape(1, d));
        for (int i = 0; i < n; i++) {
            minDist[i] = Math.max(1 - s[i][0], 0);
        }
        for (int k = 1; k < settings.clusters(); k++) {
            float[] cum = new float[n];
            double acc = 0; // libtorch's CPU cumsum accumulates in double
            for (int i = 0; i < n; i++) {
                acc += minDist[i];
                cum[i] = (float) acc;
            }
            float threshold = u[k] * cum[n - 1];
            int idx = 0;
            for (int i = 0; i < n; i++) {
                if (cum[i] < threshold) {
                    idx++;
                }
            }
            idx = Math.min(idx, n - 1);
            c.putRow(k, xn.getRow(idx));
            s = sims(xn, c.getRow(k).reshape(1, d));
            for (int i = 0; i < n; i++) {
                minDist[i] = Math.min(minDist[i], Math.max(1 - s[i][0], 0));
            }
        }
        return c;
    }

    private INDArray warmCentroids(INDArray xn, int[] labels) {
        int n = labels.length;
        float[][] w = new float[settings.clusters()][n];
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= settings.clusters()) {
                throw new IllegalArgumentException("warm-start label of item i=" + i + " is " + labels[i]
                        + ", outside [0, " + settings.clusters() + ")");
            }
            w[labels[i]][i] = 1;
        }
        if (settings.signInvariant()) {
            float[] sign = Nd4jSupport.memberSigns(xn, labels, settings.clusters());
            for (int i = 0; i < n; i++) {
                w[labels[i]][i] = sign[i];
            }
        }
        return Nd4jSupport.normalizeRows(Nd4j.create(w).mmul(xn));
    }

    private Run lloyd(INDArray xn, INDArray c) {
        int n = (int) xn.size(0);
        boolean done = false;
        int[] prevAssign = null;
        float prevObjective = 0;
        for (int it = 1; it <= settings.maxIterations() && !done; it++) {
            float[][] raw = xn.mmul(c.transpose()).toFloatMatrix();
            int[] assign = new int[n];
            float[] best = new float[n];
            float objective = 0;
            int[] counts = new int[settings.clusters()];
            for (int i = 0; i < n; i++) {
                int arg = 0;
                float max = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < settings.clusters(); k++) {
                    float v = settings.signInvariant() ? Math.abs(raw[i][k]) : raw[i][k];
                    if (v > max) { // first maximum wins, as argMax
                        max = v;
                        arg = k;
                    }
                }
                assign[i] = arg;
                best[i] = max;
                objective += max;
                counts[arg]++;
            }
            boolean anyEmpty = Arrays.stream(counts).anyMatch(v -> v == 0);
            if (prevAssign != null) {
                boolean unchanged = Arrays.equals(assign, prevAssign);
                boolean flat = Math.abs(objective - prevObjective) <= settings.tolerance() * n;
                done = !anyEmpty && (unchanged || flat);
            }
            if (done) {
                break; // a converged problem is frozen in the batched version too
            }
            float[][] w = new float[settings.clusters()][n];
            for (int i = 0; i < n; i++) {
                w[assign[i]][i] = settings.signInvariant() ? (raw[i][assign[i]] >= 0 ? 1 : -1) : 1;
            }
            INDArray next = Nd4jSupport.normalizeRows(Nd4j.create(w).mmul(xn));
            if (anyEmpty) {
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                Arrays.sort(order, (a, b) -> Float.compare(best[a], best[b]));
                int rank = 0;
                for (int k = 0; k < settings.clusters(); k++) {
                    if (counts[k] == 0) {
                        next.putRow(k, xn.getRow(order[rank++]));
                    }
                }
            }
            c = next;
            prevAssign = assign;
            prevObjective = objective;
        }
        float[][] s = sims(xn, c);
        int[] labels = new int[n];
        float objective = 0;
        for (int i = 0; i < n; i++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < settings.clusters(); k++) {
                if (s[i][k] > max) {
                    max = s[i][k];
                    labels[i] = k;
                }
            }
            objective += max;
        }
        return new Run(labels, c, objective);
    }

    /** The builder: the options of {@link org.badit.clustering.KMeansBuilder}. */
    public static final class Builder extends org.badit.clustering.KMeansBuilder<Builder> {

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the strategy.
         *
         * @return the strategy
         * @throws IllegalArgumentException for an invalid setting
         */
        public Nd4jSphericalKMeans build() {
            validate();
            return new Nd4jSphericalKMeans(this);
        }
    }
}
