package org.badit.clustering;

import ai.djl.ndarray.NDArray;

/**
 * Result of a batched spherical k-means. Arrays live on the input's device and are attached to the input's
 * manager.
 *
 * @param assignments {@code [G, N]} int64 cluster index of each item
 * @param centroids {@code [G, K, D]} unit centroids (a centroid whose members cancel exactly is zero)
 * @param objective {@code [G]} Σ_i cos(x_i, c(i)) of the kept restart ({@code |cos|} in sign-invariant mode)
 * @param iterations Lloyd iterations run (the batch stops when every problem has converged)
 */
public record KMeansResult(NDArray assignments, NDArray centroids, NDArray objective, int iterations) {

    /**
     * Copies the assignments to the host.
     *
     * @return {@code labels[g][i]}
     */
    public int[][] labels() {
        long[] flat = assignments.toLongArray();
        int g = (int) assignments.getShape().get(0);
        int n = (int) assignments.getShape().get(1);
        int[][] out = new int[g][n];
        for (int p = 0; p < g; p++) {
            for (int i = 0; i < n; i++) {
                out[p][i] = (int) flat[p * n + i];
            }
        }
        return out;
    }
}
