package org.badit.clustering;

import java.util.Arrays;

/**
 * Exact minimum-cost assignment on a dense rectangular cost matrix (Hungarian method with potentials, the
 * O(n²·m) shortest-augmenting-path form). Host-side and allocation-light because the balanced assignment of DOG
 * solves one tiny (N = K·r ≈ 32) problem per layer per regroup, where a graph library's object overhead would
 * dominate; JGraphT's Kuhn–Munkres is used in the tests as the independent reference.
 */
public final class Hungarian {

    private Hungarian() {}

    /**
     * Solves {@code min Σ_i cost[i][col(i)]} over injective maps rows → columns.
     *
     * @param cost {@code n × m} finite costs, {@code n ≤ m}
     * @return {@code col[i]}, the column assigned to row i (all distinct)
     * @throws IllegalArgumentException if the matrix is ragged, has more rows than columns, or a non-finite entry
     */
    public static int[] solve(double[][] cost) {
        int n = cost.length;
        if (n == 0) {
            return new int[0];
        }
        int m = cost[0].length;
        if (n > m) {
            throw new IllegalArgumentException("assignment needs rows <= columns, got " + n + " x " + m);
        }
        for (int i = 0; i < n; i++) {
            if (cost[i].length != m) {
                throw new IllegalArgumentException("ragged cost matrix: row " + i + " has " + cost[i].length
                        + " entries, expected " + m);
            }
            for (int j = 0; j < m; j++) {
                if (!Double.isFinite(cost[i][j])) {
                    throw new IllegalArgumentException("cost[" + i + "][" + j + "] is not finite: " + cost[i][j]);
                }
            }
        }
        // 1-based arrays; column 0 is the virtual start of each augmenting path.
        double[] u = new double[n + 1];
        double[] v = new double[m + 1];
        int[] p = new int[m + 1];
        int[] way = new int[m + 1];
        double[] minv = new double[m + 1];
        boolean[] used = new boolean[m + 1];
        for (int i = 1; i <= n; i++) {
            p[0] = i;
            int j0 = 0;
            Arrays.fill(minv, Double.POSITIVE_INFINITY);
            Arrays.fill(used, false);
            do {
                used[j0] = true;
                int i0 = p[j0];
                double delta = Double.POSITIVE_INFINITY;
                int j1 = -1;
                double[] row = cost[i0 - 1];
                for (int j = 1; j <= m; j++) {
                    if (!used[j]) {
                        double cur = row[j - 1] - u[i0] - v[j];
                        if (cur < minv[j]) {
                            minv[j] = cur;
                            way[j] = j0;
                        }
                        if (minv[j] < delta) {
                            delta = minv[j];
                            j1 = j;
                        }
                    }
                }
                for (int j = 0; j <= m; j++) {
                    if (used[j]) {
                        u[p[j]] += delta;
                        v[j] -= delta;
                    } else {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            } while (p[j0] != 0);
            do {
                int j1 = way[j0];
                p[j0] = p[j1];
                j0 = j1;
            } while (j0 != 0);
        }
        int[] col = new int[n];
        for (int j = 1; j <= m; j++) {
            if (p[j] != 0) {
                col[p[j] - 1] = j - 1;
            }
        }
        return col;
    }

    /**
     * Exact balanced assignment: each of K clusters receives exactly {@code c = N/K} items, maximizing
     * {@code Σ_i score[i][cluster(i)]}. Reduces to an N × N assignment whose column {@code k·c + j} is a copy of
     * cluster k (the score matrix tiled c times).
     *
     * @param score {@code N × K} similarities, N divisible by K
     * @return {@code cluster[i]} in [0, K); every cluster appears exactly c times
     */
    public static int[] balanced(double[][] score) {
        int n = score.length;
        int k = n == 0 ? 0 : score[0].length;
        Partitions.checkBalanced(n, k);
        int c = n / k;
        double[][] cost = new double[n][n];
        for (int i = 0; i < n; i++) {
            if (score[i].length != k) {
                throw new IllegalArgumentException("ragged score matrix: row " + i + " has " + score[i].length
                        + " entries, expected " + k);
            }
            for (int col = 0; col < n; col++) {
                cost[i][col] = -score[i][col / c];
            }
        }
        int[] col = solve(cost);
        int[] cluster = new int[n];
        for (int i = 0; i < n; i++) {
            cluster[i] = col[i] / c;
        }
        return cluster;
    }
}
