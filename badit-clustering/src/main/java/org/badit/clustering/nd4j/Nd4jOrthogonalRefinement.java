package org.badit.clustering.nd4j;

import java.util.Arrays;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.badit.clustering.Hungarian;
import org.badit.clustering.Partitions;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The orthogonal refinement on ND4J (mirror of {@link org.badit.clustering.OrthogonalRefinement}). ND4J's SVD op is
 * unreliable and its LAPACK path slow, so the nearest orthonormal rows come from the polar form
 * {@code Q = (C·Cᵀ)^{-1/2}·C}, equal to {@code U·Vᵀ} for a full-rank C, with the K × K eigendecomposition in
 * Commons Math; the [N, D] products run in ND4J and the balanced assignment is the exact {@link Hungarian}.
 */
public final class Nd4jOrthogonalRefinement {

    private final int clusters;
    private final int maxIterations;
    private final boolean signInvariant;

    /**
     * Creates the refinement.
     *
     * @param clusters K (N divisible by K, D ≥ K)
     * @param maxIterations alternations, e.g. 10
     * @param signInvariant score with |⟨ĝ_i, q_k⟩|
     */
    public Nd4jOrthogonalRefinement(int clusters, int maxIterations, boolean signInvariant) {
        this.clusters = clusters;
        this.maxIterations = maxIterations;
        this.signInvariant = signInvariant;
    }

    /**
     * Refines initial partitions into balanced ones.
     *
     * @param x {@code [G, N, D]} vectors
     * @param initial {@code [G][N]} labels in [0, K)
     * @return balanced labels {@code [G][N]}
     */
    public int[][] refine(INDArray x, int[][] initial) {
        INDArray xs = Nd4jSupport.checkAndNormalize(x, clusters);
        int g = (int) xs.size(0);
        int n = (int) xs.size(1);
        Partitions.checkBalanced(n, clusters);
        int[][] out = new int[g][];
        for (int p = 0; p < g; p++) {
            INDArray xn = xs.slice(p);
            int[] labels = initial[p].clone();
            float[] sign = signInvariant ? Nd4jSupport.memberSigns(xn, labels, clusters) : null;
            for (int it = 0; it < maxIterations; it++) {
                float[][] w = new float[clusters][n];
                for (int i = 0; i < n; i++) {
                    w[labels[i]][i] = sign == null ? 1 : sign[i];
                }
                INDArray c = Nd4j.create(w).mmul(xn);
                INDArray q = polar(c);
                float[][] s = xn.mmul(q.transpose()).toFloatMatrix();
                double[][] scores = new double[n][clusters];
                for (int i = 0; i < n; i++) {
                    for (int k = 0; k < clusters; k++) {
                        scores[i][k] = signInvariant ? Math.abs(s[i][k]) : s[i][k];
                    }
                }
                int[] next = Hungarian.balanced(scores);
                if (sign != null) {
                    for (int i = 0; i < n; i++) {
                        sign[i] = s[i][next[i]] >= 0 ? 1 : -1;
                    }
                }
                boolean stable = Arrays.equals(next, labels);
                labels = next;
                if (stable) {
                    break;
                }
            }
            out[p] = labels;
        }
        return out;
    }

    /** (C·Cᵀ)^{-1/2}·C with tiny eigenvalues cut off (a rank-deficient C has no unique nearest orthonormal Q). */
    private static INDArray polar(INDArray c) {
        double[][] gram = c.mmul(c.transpose()).toDoubleMatrix();
        int k = gram.length;
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(gram, false));
        double[] values = eig.getRealEigenvalues();
        RealMatrix v = eig.getV();
        double max = Arrays.stream(values).max().orElse(0);
        double[][] inv = new double[k][k];
        for (int m = 0; m < k; m++) {
            if (values[m] <= 1e-12 * max) {
                continue;
            }
            double f = 1 / Math.sqrt(values[m]);
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    inv[i][j] += f * v.getEntry(i, m) * v.getEntry(j, m);
                }
            }
        }
        return Nd4j.create(inv).castTo(c.dataType()).mmul(c);
    }
}
