package org.badit.clustering.nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.badit.clustering.KMeansResult;
import org.badit.clustering.OrthogonalRefinement;
import org.badit.clustering.Partitions;
import org.badit.clustering.RegroupResult;
import org.badit.clustering.Regrouper;
import org.badit.clustering.SphericalKMeans;
import org.badit.lora.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The ND4J backend against the DJL one: same seeds, same partitions. */
class Nd4jAgreementTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Random data around K random directions (moderately noisy, so the runs are not trivially identical). */
    private static float[] data(int g, int n, int k, int d, double noise, long seed, int[][] truth) {
        Random r = new Random(seed);
        float[] out = new float[g * n * d];
        for (int p = 0; p < g; p++) {
            double[][] dirs = new double[k][d];
            for (double[] dir : dirs) {
                for (int j = 0; j < d; j++) {
                    dir[j] = r.nextGaussian() / Math.sqrt(d);
                }
            }
            truth[p] = new int[n];
            for (int i = 0; i < n; i++) {
                truth[p][i] = i % k;
                double sign = r.nextBoolean() ? 1 : -1;
                for (int j = 0; j < d; j++) {
                    out[(p * n + i) * d + j] = (float) (sign * dirs[i % k][j] + noise * r.nextGaussian() / Math.sqrt(d));
                }
            }
        }
        return out;
    }

    @Test
    void kmeansAgreesWithDjlForTheSameSeed() {
        int g = 4;
        int n = 32;
        int k = 4;
        int d = 96;
        for (boolean signInvariant : new boolean[] {false, true}) {
            int[][] truth = new int[g][];
            float[] flat = data(g, n, k, d, 0.8, signInvariant ? 2 : 1, truth);
            NDArray xd = manager.create(flat, new Shape(g, n, d));
            INDArray xn = Nd4j.create(flat, new long[] {g, n, d}, 'c');
            KMeansResult djl = SphericalKMeans.builder().setClusters(k).optRestarts(3).optSeed(17)
                    .optSignInvariant(signInvariant).build().fit(xd);
            Nd4jKMeansResult nd = Nd4jSphericalKMeans.builder().setClusters(k).optRestarts(3).optSeed(17)
                    .optSignInvariant(signInvariant).build().fit(xn);
            int[][] a = djl.labels();
            float[] objective = djl.objective().toFloatArray();
            for (int p = 0; p < g; p++) {
                assertArrayEquals(a[p], nd.labels()[p], "signInvariant=" + signInvariant + ", problem " + p);
                assertEquals(objective[p], nd.objective()[p], 1e-3);
            }
        }
    }

    @Test
    void refinementAgreesWithDjl() {
        int g = 3;
        int n = 16;
        int k = 4;
        int d = 48;
        int[][] truth = new int[g][];
        float[] flat = data(g, n, k, d, 0.5, 5, truth);
        NDArray xd = manager.create(flat, new Shape(g, n, d));
        INDArray xn = Nd4j.create(flat, new long[] {g, n, d}, 'c');
        KMeansResult km = SphericalKMeans.builder().setClusters(k).optSignInvariant(true).build().fit(xd);
        int[][] djl = OrthogonalRefinement.builder().setClusters(k).optSignInvariant(true).build()
                .refine(xd, km.assignments()).labels();
        int[][] nd = new Nd4jOrthogonalRefinement(k, 10, true).refine(xn, km.labels());
        for (int p = 0; p < g; p++) {
            assertTrue(Partitions.isBalanced(nd[p], k));
            assertArrayEquals(djl[p], nd[p], "problem " + p);
        }
    }

    @Test
    void aRegroupOnTheNd4jBackendEqualsTheLibtorchOne() {
        int g = 5;
        int n = 16;
        int k = 4;
        int d = 64;
        for (boolean signInvariant : new boolean[] {false, true}) {
            int[][] truth = new int[g][];
            NDArray x = manager.create(data(g, n, k, d, 0.7, signInvariant ? 8 : 9, truth), new Shape(g, n, d));
            RegroupResult torch = Regrouper.builder().setClusters(k).optSignInvariant(signInvariant).optSeed(3)
                    .build().regroup(x);
            RegroupResult nd = Regrouper.builder().setClusters(k).optSignInvariant(signInvariant).optSeed(3)
                    .optClusteringBackend(Nd4jClustering.create()).build().regroup(x);
            for (int p = 0; p < g; p++) {
                assertArrayEquals(torch.labels()[p], nd.labels()[p], "labels, problem " + p);
                assertArrayEquals(torch.permutations()[p], nd.permutations()[p], "permutation, problem " + p);
            }
            assertArrayEquals(torch.moved(), nd.moved());
        }
    }

    @Test
    void badInputNamesTheItem() {
        float[] flat = new float[2 * 4 * 3];
        java.util.Arrays.fill(flat, 1f);
        flat[(1 * 4 + 3) * 3] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Nd4jSphericalKMeans
                .builder().setClusters(2).build().fit(Nd4j.create(flat, new long[] {2, 4, 3}, 'c')));
        assertTrue(e.getMessage().contains("g=1, item i=3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Nd4jSphericalKMeans.builder().setClusters(5).build()
                .fit(Nd4j.ones(2, 4, 3)));
    }
}
