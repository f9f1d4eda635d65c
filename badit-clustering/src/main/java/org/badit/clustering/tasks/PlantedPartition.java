package org.badit.clustering.tasks;

import java.util.Random;

/**
 * A synthetic task-affinity matrix with a planted partition: {@code T_ij = s_i·(p·[same] + q·[different] + σ·ε_ij)}
 * where each task's scale {@code s_i} is log-uniform in {@code [1/spread, spread]} — the per-task scale distortion
 * (some tasks' losses simply move more) that defeats clustering the raw rows.
 *
 * @param affinity {@code n × n} (not symmetric)
 * @param truth planted labels in [0, k)
 */
public record PlantedPartition(double[][] affinity, int[] truth) {

    /**
     * Draws one instance; clusters are as equal in size as n allows, in shuffled order.
     *
     * @param n tasks
     * @param k clusters
     * @param p within-cluster affinity
     * @param q between-cluster affinity
     * @param noise σ
     * @param spread scale spread ≥ 1 (1 = no distortion)
     * @param seed seed
     * @return the instance
     */
    public static PlantedPartition generate(int n, int k, double p, double q, double noise, double spread,
            long seed) {
        Random r = new Random(seed);
        int[] truth = new int[n];
        for (int i = 0; i < n; i++) {
            truth[i] = i % k;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = truth[i];
            truth[i] = truth[j];
            truth[j] = t;
        }
        double[] scale = new double[n];
        for (int i = 0; i < n; i++) {
            scale[i] = Math.exp((2 * r.nextDouble() - 1) * Math.log(spread));
        }
        double[][] t = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double base = truth[i] == truth[j] ? p : q;
                t[i][j] = scale[i] * (base + noise * r.nextGaussian());
            }
        }
        return new PlantedPartition(t, truth);
    }
}
