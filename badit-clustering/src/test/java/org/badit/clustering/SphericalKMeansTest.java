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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SphericalKMeansTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** G problems, each N items around K orthogonal directions; returns the tensor and the true labels. */
    static NDArray planted(int g, int n, int k, int d, double noise, boolean flip, long seed, int[][] truth) {
        Random r = new Random(seed);
        float[][][] x = new float[g][][];
        for (int p = 0; p < g; p++) {
            truth[p] = Fixtures.balancedLabels(n, k, r);
            x[p] = Fixtures.around(truth[p], k, d, noise, flip, r);
        }
        return manager.create(Fixtures.flat(x), new Shape(g, n, d));
    }

    @Test
    void recoversOrthogonalDirectionsExactly() {
        int[][] truth = new int[4][];
        NDArray x = planted(4, 32, 4, 256, 0.05, false, 1, truth);
        KMeansResult r = SphericalKMeans.builder().setClusters(4).optRestarts(3).optSeed(3).build().fit(x);
        int[][] labels = r.labels();
        for (int p = 0; p < 4; p++) {
            assertEquals(1.0, Partitions.adjustedRandIndex(truth[p], labels[p]), 1e-12, "problem " + p);
        }
        assertEquals(new Shape(4, 4, 256), r.centroids().getShape());
        assertEquals(new Shape(4), r.objective().getShape());
        // Unit centroids.
        float[] norms = r.centroids().norm(new int[] {-1}).toFloatArray();
        for (float v : norms) {
            assertEquals(1f, v, 1e-4f);
        }
    }

    @Test
    void signInvariantModeGroupsOppositeVectorsTogether() {
        int[][] truth = new int[3][];
        NDArray x = planted(3, 32, 4, 256, 0.05, true, 2, truth);
        int[][] labels = SphericalKMeans.builder().setClusters(4).optSignInvariant(true).optRestarts(4).optSeed(5)
                .build().fit(x).labels();
        for (int p = 0; p < 3; p++) {
            assertEquals(1.0, Partitions.adjustedRandIndex(truth[p], labels[p]), 1e-12, "problem " + p);
        }
    }

    @Test
    void batchedEqualsSeparateRuns() {
        // Hard, overlapping problems so that restarts, reseeding and iteration counts actually matter.
        int g = 6;
        int[][] truth = new int[g][];
        NDArray x = planted(g, 24, 4, 16, 0.6, true, 3, truth);
        SphericalKMeans km = SphericalKMeans.builder().setClusters(4).optRestarts(3).optSignInvariant(true)
                .optSeed(11).build();
        KMeansResult batched = km.fit(x);
        int[][] labels = batched.labels();
        float[] objective = batched.objective().toFloatArray();
        for (int p = 0; p < g; p++) {
            KMeansResult one = km.fit(x.get(p + ":" + (p + 1)));
            assertArrayEquals(labels[p], one.labels()[0], "problem " + p);
            assertEquals(objective[p], one.objective().getFloat(0), 1e-4f);
        }
    }

    @Test
    void sameSeedGivesSamePartition() {
        int[][] truth = new int[2][];
        NDArray x = planted(2, 32, 4, 32, 0.7, false, 4, truth);
        SphericalKMeans.Builder b = SphericalKMeans.builder().setClusters(4).optRestarts(2);
        int[][] a1 = b.optSeed(9).build().fit(x).labels();
        int[][] a2 = b.optSeed(9).build().fit(x).labels();
        assertArrayEquals(a1, a2);
    }

    @Test
    void warmStartFromTruthIsKeptAndNeverWorse() {
        int[][] truth = new int[2][];
        NDArray x = planted(2, 32, 4, 64, 0.3, false, 6, truth);
        long[] flat = new long[64];
        for (int p = 0; p < 2; p++) {
            for (int i = 0; i < 32; i++) {
                flat[p * 32 + i] = truth[p][i];
            }
        }
        SphericalKMeans km = SphericalKMeans.builder().setClusters(4).optRestarts(1).optMaxIterations(1)
                .optSeed(1).build();
        KMeansResult cold = km.fit(x);
        KMeansResult warm = km.fit(x, manager.create(flat, new Shape(2, 32)));
        float[] co = cold.objective().toFloatArray();
        float[] wo = warm.objective().toFloatArray();
        for (int p = 0; p < 2; p++) {
            assertTrue(wo[p] >= co[p] - 1e-4, "warm start made problem " + p + " worse");
            assertEquals(1.0, Partitions.adjustedRandIndex(truth[p], warm.labels()[p]), 1e-12);
        }
    }

    @Test
    void emptyClustersAreReseededIntoValidLabels() {
        // Only two distinct directions but K = 4: empty clusters must be re-seeded, never crash or emit labels >= K.
        float[][][] x = new float[1][8][4];
        for (int i = 0; i < 8; i++) {
            x[0][i][i % 2] = 1f;
            x[0][i][2] = 0.01f * i;
        }
        KMeansResult r = SphericalKMeans.builder().setClusters(4).optSeed(2).build()
                .fit(manager.create(Fixtures.flat(x), new Shape(1, 8, 4)));
        for (int l : r.labels()[0]) {
            assertTrue(l >= 0 && l < 4);
        }
        assertTrue(Float.isFinite(r.objective().getFloat(0)));
    }

    @Test
    void badInputIsRejectedWithTheProblemNamed() {
        SphericalKMeans k5 = SphericalKMeans.builder().setClusters(5).build();
        NDArray small = manager.randomNormal(new Shape(2, 4, 8));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> k5.fit(small));
        assertTrue(e.getMessage().contains("K = 5"), e.getMessage());

        float[] data = manager.randomNormal(new Shape(2, 4, 8)).toFloatArray();
        data[(1 * 4 + 2) * 8 + 3] = Float.NaN;
        NDArray nan = manager.create(data, new Shape(2, 4, 8));
        SphericalKMeans k2 = SphericalKMeans.builder().setClusters(2).build();
        e = assertThrows(IllegalArgumentException.class, () -> k2.fit(nan));
        assertTrue(e.getMessage().contains("g=1, item i=2") && e.getMessage().contains("NaN"), e.getMessage());

        float[] zeros = manager.randomNormal(new Shape(2, 4, 8)).toFloatArray();
        java.util.Arrays.fill(zeros, 8, 16, 0f);
        e = assertThrows(IllegalArgumentException.class,
                () -> k2.fit(manager.create(zeros, new Shape(2, 4, 8))));
        assertTrue(e.getMessage().contains("g=0, item i=1") && e.getMessage().contains("zero vector"),
                e.getMessage());

        assertThrows(IllegalArgumentException.class, () -> k2.fit(manager.randomNormal(new Shape(4, 8))));
        assertThrows(IllegalArgumentException.class, () -> SphericalKMeans.builder().build());
    }
}
