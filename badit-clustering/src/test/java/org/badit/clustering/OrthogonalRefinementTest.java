package org.badit.clustering;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.badit.lora.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OrthogonalRefinementTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static NDArray planted(int g, int n, int k, int d, double noise, boolean flip, long seed, int[][] t) {
        java.util.Random r = new java.util.Random(seed);
        float[][][] x = new float[g][][];
        for (int p = 0; p < g; p++) {
            t[p] = Fixtures.balancedLabels(n, k, r);
            x[p] = Fixtures.around(t[p], k, d, noise, flip, r);
        }
        return manager.create(Fixtures.flat(x), new Shape(g, n, d));
    }

    @Test
    void refinementRecoversPlantedBalancedGroupsWithOrthonormalBasis() {
        int[][] truth = new int[3][];
        NDArray x = planted(3, 32, 4, 128, 0.1, true, 21, truth);
        SphericalKMeans km = SphericalKMeans.builder().setClusters(4).optSignInvariant(true).optSeed(1).build();
        RefinementResult r = OrthogonalRefinement.builder().setClusters(4).optSignInvariant(true).build()
                .refine(x, km.fit(x).assignments());
        int[][] labels = r.labels();
        for (int p = 0; p < 3; p++) {
            assertTrue(Partitions.isBalanced(labels[p], 4));
            assertEquals(1.0, Partitions.adjustedRandIndex(truth[p], labels[p]), 1e-12);
        }
        NDArray q = r.basis();
        NDArray gram = q.matMul(q.swapAxes(-1, -2));
        NDArray eye = manager.eye(4).broadcast(new Shape(3, 4, 4));
        assertTrue(gram.sub(eye).abs().max().getFloat() < 1e-4f);
    }

    @Test
    void balancesAnUnbalancedStartAndBatchedEqualsSeparate() {
        int g = 4;
        int[][] truth = new int[g][];
        // Noisy, overlapping data and an all-in-one-cluster start: the refinement must produce balanced labels.
        NDArray x = planted(g, 16, 4, 12, 0.8, true, 22, truth);
        NDArray start = manager.zeros(new Shape(g, 16), ai.djl.ndarray.types.DataType.INT64);
        OrthogonalRefinement ref = OrthogonalRefinement.builder().setClusters(4).optSignInvariant(true).build();
        int[][] batched = ref.refine(x, start).labels();
        for (int p = 0; p < g; p++) {
            assertTrue(Partitions.isBalanced(batched[p], 4));
            int[] one = ref.refine(x.get(p + ":" + (p + 1)), start.get(p + ":" + (p + 1))).labels()[0];
            assertArrayEquals(batched[p], one, "problem " + p);
        }
    }

    @Test
    void deviceBackendAgreesWithHostOnSeparatedData() {
        int[][] truth = new int[2][];
        NDArray x = planted(2, 32, 4, 64, 0.1, false, 23, truth);
        NDArray start = SphericalKMeans.builder().setClusters(4).build().fit(x).assignments();
        int[][] host = OrthogonalRefinement.builder().setClusters(4).build().refine(x, start).labels();
        int[][] device = OrthogonalRefinement.builder().setClusters(4)
                .optBackend(BalancedAssignment.Backend.DEVICE).build().refine(x, start).labels();
        assertArrayEquals(host, device);
    }

    @Test
    void regrouperGivesPermutationsAndKeepsAnOptimalLayoutInPlace() {
        // Components already grouped as the layout (component i in expert i / c): nothing should move.
        int g = 3;
        int n = 16;
        int k = 4;
        float[][][] x = new float[g][][];
        java.util.Random r = new java.util.Random(5);
        int[] layout = new int[n];
        for (int i = 0; i < n; i++) {
            layout[i] = i / (n / k);
        }
        for (int p = 0; p < g; p++) {
            x[p] = Fixtures.around(layout, k, 64, 0.05, true, r);
        }
        // The third layer is shuffled: its components must move so that groups are re-formed.
        int[] shuffled = Fixtures.balancedLabels(n, k, r);
        x[2] = Fixtures.around(shuffled, k, 64, 0.05, true, r);
        RegroupResult res = Regrouper.builder().setClusters(k).build()
                .regroup(manager.create(Fixtures.flat(x), new Shape(g, n, 64)));
        for (int p = 0; p < g; p++) {
            int[] perm = res.permutations()[p];
            assertEquals(n, java.util.Arrays.stream(perm).distinct().count());
            assertTrue(Partitions.isBalanced(res.labels()[p], k));
            for (int slot = 0; slot < n; slot++) { // slot s of expert s / c holds a component labeled s / c
                assertEquals(slot / (n / k), res.labels()[p][perm[slot]]);
            }
        }
        RegroupResult chunked = Regrouper.builder().setClusters(k).optChunk(2).build()
                .regroup(manager.create(Fixtures.flat(x), new Shape(g, n, 64)));
        assertArrayEquals(res.permutations(), chunked.permutations()); // chunking never changes the result
        assertEquals(0, res.moved()[0]);
        assertEquals(0, res.moved()[1]);
        assertEquals(1.0, Partitions.adjustedRandIndex(shuffled, res.labels()[2]), 1e-12);
    }
}
