package org.badit.clustering.tasks;

/** Checks and small transforms of task-affinity matrices. */
public final class AffinityMatrices {

    private AffinityMatrices() {}

    /**
     * Validates a square finite matrix.
     *
     * @param t the matrix
     * @param k clusters wanted
     * @throws IllegalArgumentException naming the row/column of the first problem
     */
    public static void check(double[][] t, int k) {
        int n = t.length;
        if (n == 0) {
            throw new IllegalArgumentException("affinity matrix is empty");
        }
        for (int i = 0; i < n; i++) {
            if (t[i].length != n) {
                throw new IllegalArgumentException("affinity matrix must be square: row " + i + " has " + t[i].length
                        + " entries, expected " + n);
            }
            for (int j = 0; j < n; j++) {
                if (!Double.isFinite(t[i][j])) {
                    throw new IllegalArgumentException("affinity[" + i + "][" + j + "] is not finite: " + t[i][j]);
                }
            }
        }
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("clusters k must be in [1, n = " + n + "], got " + k);
        }
    }

    /**
     * (T + Tᵀ)/2, a copy.
     *
     * @param t square matrix
     * @return the symmetric part
     */
    public static double[][] symmetrize(double[][] t) {
        int n = t.length;
        double[][] s = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s[i][j] = 0.5 * (t[i][j] + t[j][i]);
            }
        }
        return s;
    }
}
