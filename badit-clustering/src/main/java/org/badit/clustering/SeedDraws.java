package org.badit.clustering;

import java.util.SplittableRandom;

/**
 * The random numbers of k-means++ seeding, drawn on the host from a seed and shared by every backend (DJL, ND4J)
 * and by all G problems of a batch: restart r uses {@code u[r][0..K)}, one uniform per centroid. Sharing them across
 * problems is what makes a batched run equal G separate runs, and makes the DJL and ND4J results comparable.
 */
public final class SeedDraws {

    private SeedDraws() {}

    /**
     * Draws the uniforms.
     *
     * @param seed the seed
     * @param restarts restarts
     * @param k clusters
     * @return {@code u[restart][centroid]} in [0, 1)
     */
    public static float[][] uniforms(long seed, int restarts, int k) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] u = new float[restarts][k];
        for (float[] row : u) {
            for (int j = 0; j < k; j++) {
                row[j] = (float) random.nextDouble();
            }
        }
        return u;
    }
}
