package org.badit.clustering.tasks;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Normalized spectral clustering (Ng–Jordan–Weiss) of an affinity matrix: W = max(sym(T), 0) with zero diagonal,
 * the K leading eigenvectors of D^{-1/2}·W·D^{-1/2}, rows normalized, then {@link LloydKMeans}. A baseline of the
 * task-grouping comparison.
 */
public final class SpectralClustering {

    private final int clusters;
    private final long seed;

    /**
     * Creates the method.
     *
     * @param clusters K
     * @param seed seed of the final k-means
     */
    public SpectralClustering(int clusters, long seed) {
        this.clusters = clusters;
        this.seed = seed;
    }

    /**
     * Clusters n items from their affinities.
     *
     * @param affinity {@code n × n}, finite; need not be symmetric (it is symmetrized)
     * @return labels in [0, K)
     */
    public int[] cluster(double[][] affinity) {
        double[][] w = AffinityMatrices.symmetrize(affinity);
        int n = w.length;
        double[] deg = new double[n];
        for (int i = 0; i < n; i++) {
            w[i][i] = 0;
            for (int j = 0; j < n; j++) {
                w[i][j] = Math.max(w[i][j], 0);
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                deg[i] += w[i][j];
            }
            deg[i] = deg[i] > 0 ? 1 / Math.sqrt(deg[i]) : 0;
        }
        double[][] l = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                l[i][j] = deg[i] * w[i][j] * deg[j];
            }
        }
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(l, false));
        double[] values = eig.getRealEigenvalues();
        RealMatrix vectors = eig.getV();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(values[b], values[a]));
        double[][] embed = new double[n][clusters];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int k = 0; k < clusters; k++) {
                embed[i][k] = vectors.getEntry(i, order[k]);
                norm += embed[i][k] * embed[i][k];
            }
            norm = Math.sqrt(norm);
            for (int k = 0; k < clusters && norm > 0; k++) {
                embed[i][k] /= norm;
            }
        }
        return LloydKMeans.builder().setClusters(clusters).optSeed(seed).build().cluster(embed);
    }
}
