package org.badit.clustering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.badit.lora.engine.Engines;
import org.jgrapht.Graph;
import org.jgrapht.alg.matching.KuhnMunkresMinimalWeightBipartitePerfectMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BalancedAssignmentTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    static double[][] random(int n, int k, Random r) {
        double[][] s = new double[n][k];
        for (double[] row : s) {
            for (int j = 0; j < k; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return s;
    }

    static double total(double[][] score, int[] labels) {
        double t = 0;
        for (int i = 0; i < labels.length; i++) {
            t += score[i][labels[i]];
        }
        return t;
    }

    /** Best total over every balanced labeling (enumerated). */
    static double bruteForce(double[][] score, int k) {
        int n = score.length;
        return enumerate(score, new int[n], new int[k], 0, n / k);
    }

    private static double enumerate(double[][] score, int[] labels, int[] count, int i, int c) {
        if (i == labels.length) {
            return total(score, labels);
        }
        double best = Double.NEGATIVE_INFINITY;
        for (int k = 0; k < count.length; k++) {
            if (count[k] < c) {
                count[k]++;
                labels[i] = k;
                best = Math.max(best, enumerate(score, labels, count, i + 1, c));
                count[k]--;
            }
        }
        return best;
    }

    @Test
    void hostSolverIsAValidPartitionAndMatchesBruteForce() {
        Random r = new Random(7);
        for (int trial = 0; trial < 60; trial++) {
            int[][] sizes = {{6, 3}, {6, 2}, {8, 4}, {9, 3}};
            int n = sizes[trial % 4][0];
            int k = sizes[trial % 4][1];
            double[][] s = random(n, k, r);
            if (trial % 5 == 0) { // ties: integer scores
                for (double[] row : s) {
                    for (int j = 0; j < k; j++) {
                        row[j] = Math.round(row[j]);
                    }
                }
            }
            int[] labels = BalancedAssignment.solveHost(s);
            assertTrue(Partitions.isBalanced(labels, k));
            assertEquals(bruteForce(s, k), total(s, labels), 1e-9, "trial " + trial);
        }
    }

    @Test
    void hungarianAgreesWithJGraphTKuhnMunkres() {
        Random r = new Random(8);
        for (int trial = 0; trial < 20; trial++) {
            int n = 3 + r.nextInt(10);
            double[][] cost = new double[n][n];
            Graph<Integer, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
            java.util.Set<Integer> left = new java.util.HashSet<>();
            java.util.Set<Integer> right = new java.util.HashSet<>();
            for (int i = 0; i < n; i++) {
                graph.addVertex(i);
                graph.addVertex(n + i);
                left.add(i);
                right.add(n + i);
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    cost[i][j] = r.nextDouble() * 10;
                    graph.setEdgeWeight(graph.addEdge(i, n + j), cost[i][j]);
                }
            }
            double reference = new KuhnMunkresMinimalWeightBipartitePerfectMatching<>(graph, left, right)
                    .getMatching().getWeight();
            int[] col = Hungarian.solve(cost);
            assertEquals(n, java.util.Arrays.stream(col).distinct().count());
            double mine = 0;
            for (int i = 0; i < n; i++) {
                mine += cost[i][col[i]];
            }
            assertEquals(reference, mine, 1e-9);
        }
    }

    private static NDArray toDevice(double[][][] s) {
        int g = s.length;
        int n = s[0].length;
        int k = s[0][0].length;
        float[] flat = new float[g * n * k];
        for (int p = 0; p < g; p++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < k; j++) {
                    flat[(p * n + i) * k + j] = (float) s[p][i][j];
                }
            }
        }
        return manager.create(flat, new Shape(g, n, k));
    }

    @Test
    void batchedHostAndDeviceBackendsGiveOptimalBalancedPartitions() {
        check(5, 12, 3, 9);
        check(16, 32, 4, 10); // DOG's size
    }

    private static void check(int g, int n, int k, long seed) {
        Random r = new Random(seed);
        double[][][] s = new double[g][][];
        for (int p = 0; p < g; p++) {
            s[p] = random(n, k, r);
            for (double[] row : s[p]) { // float-exact values so host and device see the same numbers
                for (int j = 0; j < k; j++) {
                    row[j] = (float) row[j];
                }
            }
        }
        NDArray scores = toDevice(s);
        long[] host = BalancedAssignment.builder().setClusters(k).build().assign(scores).toLongArray();
        long[] device = BalancedAssignment.builder().setClusters(k).optBackend(BalancedAssignment.Backend.DEVICE)
                .build().assign(scores).toLongArray();
        for (int p = 0; p < g; p++) {
            int[] h = new int[n];
            int[] d = new int[n];
            for (int i = 0; i < n; i++) {
                h[i] = (int) host[p * n + i];
                d[i] = (int) device[p * n + i];
            }
            assertArrayEquals(BalancedAssignment.solveHost(s[p]), h, "host batched vs single, problem " + p);
            assertTrue(Partitions.isBalanced(d, k), "device labels not balanced, problem " + p);
            // ε-optimal: within N·ε·range (ε = 1e-6) of the exact optimum.
            assertEquals(total(s[p], h), total(s[p], d), 1e-4, "device objective, problem " + p);
        }
    }

    @Test
    void deviceAuctionIsValidOnHeavilyTiedScores() {
        // All items prefer cluster 0 equally: the worst case for a greedy fill and for duplicate-object auctions.
        double[][][] s = new double[2][8][4];
        for (double[][] p : s) {
            for (double[] row : p) {
                row[0] = 1;
            }
        }
        long[] device = BalancedAssignment.builder().setClusters(4).optBackend(BalancedAssignment.Backend.DEVICE)
                .build().assign(toDevice(s)).toLongArray();
        for (int p = 0; p < 2; p++) {
            int[] d = new int[8];
            for (int i = 0; i < 8; i++) {
                d[i] = (int) device[p * 8 + i];
            }
            assertTrue(Partitions.isBalanced(d, 4));
        }
    }

    @Test
    void badInputIsRejected() {
        BalancedAssignment b3 = BalancedAssignment.builder().setClusters(3).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b3.assign(manager.zeros(new Shape(2, 8, 3))));
        assertTrue(e.getMessage().contains("divisible"), e.getMessage());
        BalancedAssignment b9 = BalancedAssignment.builder().setClusters(9).build();
        e = assertThrows(IllegalArgumentException.class, () -> b9.assign(manager.zeros(new Shape(1, 6, 9))));
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        float[] v = new float[2 * 6 * 3];
        v[(1 * 6 + 4) * 3 + 2] = Float.NaN;
        e = assertThrows(IllegalArgumentException.class, () -> b3.assign(manager.create(v, new Shape(2, 6, 3))));
        assertTrue(e.getMessage().contains("g=1, item i=4"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BalancedAssignment.builder()
                .setClusters(3).optBackend(BalancedAssignment.Backend.DEVICE).build()
                .assign(manager.create(v, new Shape(2, 6, 3))));
    }
}
