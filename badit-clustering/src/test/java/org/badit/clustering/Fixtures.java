package org.badit.clustering;

import java.util.Random;

/** Synthetic clustering problems shared by the tests. */
final class Fixtures {

    private Fixtures() {}

    /** Labels of N items in K balanced clusters, shuffled. */
    static int[] balancedLabels(int n, int k, Random r) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % k;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = l[i];
            l[i] = l[j];
            l[j] = t;
        }
        return l;
    }

    /**
     * Vectors around K orthonormal directions (random rotation of the first K axes) with Gaussian noise of the given
     * per-coordinate scale; random signs when {@code flipSigns}.
     */
    static float[][] around(int[] labels, int k, int d, double noise, boolean flipSigns, Random r) {
        double[][] dirs = new double[k][d];
        for (int a = 0; a < k; a++) {
            for (int j = 0; j < d; j++) {
                dirs[a][j] = r.nextGaussian();
            }
            for (int b = 0; b < a; b++) { // Gram–Schmidt: exactly orthonormal directions
                double dot = 0;
                for (int j = 0; j < d; j++) {
                    dot += dirs[a][j] * dirs[b][j];
                }
                for (int j = 0; j < d; j++) {
                    dirs[a][j] -= dot * dirs[b][j];
                }
            }
            double norm = 0;
            for (int j = 0; j < d; j++) {
                norm += dirs[a][j] * dirs[a][j];
            }
            norm = Math.sqrt(norm);
            for (int j = 0; j < d; j++) {
                dirs[a][j] /= norm;
            }
        }
        float[][] x = new float[labels.length][d];
        for (int i = 0; i < labels.length; i++) {
            double sign = flipSigns && r.nextBoolean() ? -1 : 1;
            for (int j = 0; j < d; j++) {
                x[i][j] = (float) (sign * dirs[labels[i]][j] + noise * r.nextGaussian());
            }
        }
        return x;
    }

    /** Flattens [G][N][D] for NDManager.create. */
    static float[] flat(float[][][] x) {
        int g = x.length;
        int n = x[0].length;
        int d = x[0][0].length;
        float[] out = new float[g * n * d];
        for (int p = 0; p < g; p++) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(x[p][i], 0, out, (p * n + i) * d, d);
            }
        }
        return out;
    }
}
