package org.badit.clustering.tasks;

import java.util.SplittableRandom;
import org.badit.clustering.KMeansBuilder;

/**
 * Lloyd's k-means (squared Euclidean) on host points, k-means++ seeding, restarts, seeded. The baseline of the
 * task-grouping comparison (applied to the rows of the affinity matrix) and the last step of
 * {@link SpectralClustering}.
 */
public final class LloydKMeans {

    private final int clusters;
    private final int restarts;
    private final int maxIterations;
    private final long seed;

    private LloydKMeans(Builder b) {
        this.clusters = b.clusters();
        this.restarts = b.restarts();
        this.maxIterations = b.maxIterations();
        this.seed = b.seed();
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
     * Clusters the points.
     *
     * @param points {@code n × d}, finite
     * @return labels in [0, K)
     */
    public int[] cluster(double[][] points) {
        int n = points.length;
        if (clusters > n) {
            throw new IllegalArgumentException("clusters K = " + clusters + " exceeds the number of points " + n);
        }
        SplittableRandom random = new SplittableRandom(seed);
        int[] best = null;
        double bestCost = Double.POSITIVE_INFINITY;
        for (int r = 0; r < restarts; r++) {
            double[][] centers = seed(points, random);
            int[] labels = new int[n];
            double cost = 0;
            for (int it = 0; it < maxIterations; it++) {
                boolean changed = false;
                cost = 0;
                for (int i = 0; i < n; i++) {
                    int arg = 0;
                    double min = Double.POSITIVE_INFINITY;
                    for (int k = 0; k < clusters; k++) {
                        double d = dist2(points[i], centers[k]);
                        if (d < min) {
                            min = d;
                            arg = k;
                        }
                    }
                    cost += min;
                    if (labels[i] != arg || it == 0) {
                        changed |= labels[i] != arg;
                        labels[i] = arg;
                    }
                }
                if (!changed && it > 0) {
                    break;
                }
                centers = means(points, labels, centers);
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = labels.clone();
            }
        }
        return best;
    }

    private double[][] seed(double[][] x, SplittableRandom random) {
        int n = x.length;
        double[][] c = new double[clusters][];
        c[0] = x[random.nextInt(n)].clone();
        double[] d = new double[n];
        for (int i = 0; i < n; i++) {
            d[i] = dist2(x[i], c[0]);
        }
        for (int k = 1; k < clusters; k++) {
            double total = 0;
            for (double v : d) {
                total += v;
            }
            double u = random.nextDouble() * total;
            int pick = n - 1;
            double cum = 0;
            for (int i = 0; i < n; i++) {
                cum += d[i];
                if (cum > u) {
                    pick = i;
                    break;
                }
            }
            c[k] = x[pick].clone();
            for (int i = 0; i < n; i++) {
                d[i] = Math.min(d[i], dist2(x[i], c[k]));
            }
        }
        return c;
    }

    private double[][] means(double[][] x, int[] labels, double[][] old) {
        int dim = x[0].length;
        double[][] c = new double[clusters][dim];
        int[] count = new int[clusters];
        for (int i = 0; i < x.length; i++) {
            count[labels[i]]++;
            for (int j = 0; j < dim; j++) {
                c[labels[i]][j] += x[i][j];
            }
        }
        for (int k = 0; k < clusters; k++) {
            if (count[k] == 0) {
                c[k] = old[k]; // an empty cluster keeps its center
                continue;
            }
            for (int j = 0; j < dim; j++) {
                c[k][j] /= count[k];
            }
        }
        return c;
    }

    private static double dist2(double[] a, double[] b) {
        double s = 0;
        for (int j = 0; j < a.length; j++) {
            double t = a[j] - b[j];
            s += t * t;
        }
        return s;
    }

    /**
     * Builder in DJL style: the clustering module's k-means options ({@code setClusters}, {@code optRestarts},
     * {@code optMaxIterations}, {@code optSeed}; tolerance, sign invariance and check period do not apply here), with
     * this baseline's defaults of 10 restarts and 300 iterations.
     */
    public static final class Builder extends KMeansBuilder<Builder> {

        private Builder() {
            optRestarts(10);
            optMaxIterations(300);
        }

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds it.
         *
         * @return the k-means
         */
        public LloydKMeans build() {
            validate();
            return new LloydKMeans(this);
        }
    }
}
