package org.badit.lora.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.badit.lora.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The randomized SVD against Commons Math's exact SVD on the host. */
class RandomizedSvdTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    @Test
    void topSingularValuesMatchExactHostSvdOnDecayingSpectrum() {
        double[][] a = TestMatrices.decaying(200, 150, 0.95, 7);
        double[] exact = new SingularValueDecomposition(new Array2DRowRealMatrix(a)).getSingularValues();
        NDArray x = manager.create(TestMatrices.toFloat(a)).reshape(200, 150);
        int k = 16;
        NDList usv = RandomizedSvd.builder().setRank(k).optNiter(4).optSeed(3).build().decompose(x);
        assertEquals(new Shape(200, k), usv.get(0).getShape());
        assertEquals(new Shape(k), usv.get(1).getShape());
        assertEquals(new Shape(k, 150), usv.get(2).getShape());
        float[] s = usv.get(1).toFloatArray();
        for (int i = 0; i < k; i++) {
            double rel = Math.abs(s[i] - exact[i]) / exact[i];
            assertTrue(rel < 1e-3, "sigma_" + i + ": " + s[i] + " vs exact " + exact[i] + " (rel " + rel + ")");
        }
        // The singular vectors are orthonormal and reproduce S.
        NDArray u = usv.get(0);
        assertTrue(u.transpose().matMul(u).sub(manager.eye(k)).abs().max().getFloat() < 1e-4f);
        // The diagonal as a masked row sum (NDArray.diagonal() is missing in the cuda profile's older DJL).
        NDArray sv = u.transpose().matMul(x).matMul(usv.get(2).transpose()).mul(manager.eye(k)).sum(new int[] {1});
        assertArrayEquals(s, sv.toFloatArray(), 1e-3f * s[0]);
    }

    @Test
    void sameSeedSameResultAndBatchesWork() {
        NDArray x = manager.create(TestMatrices.toFloat(TestMatrices.decaying(40, 30, 0.8, 1))).reshape(40, 30);
        RandomizedSvd svd = RandomizedSvd.builder().setRank(5).optSeed(9).build();
        assertArrayEquals(svd.decompose(x).get(1).toFloatArray(), svd.decompose(x).get(1).toFloatArray(), 0f);
        NDArray batch = NDArrays2.stack(x, x.mul(2));
        NDArray s = svd.decompose(batch).get(1);
        assertEquals(new Shape(2, 5), s.getShape());
        assertArrayEquals(s.get(0).mul(2).toFloatArray(), s.get(1).toFloatArray(), 1e-3f);
    }

    @Test
    void float16InputsComputeInFloat32AndInputSurvives() {
        NDArray x = manager.create(TestMatrices.toFloat(TestMatrices.decaying(40, 30, 0.8, 1))).reshape(40, 30);
        NDArray half = x.toType(ai.djl.ndarray.types.DataType.FLOAT16, false);
        NDList usv = RandomizedSvd.builder().setRank(4).build().decompose(half);
        assertEquals(ai.djl.ndarray.types.DataType.FLOAT32, usv.get(1).getDataType());
        assertArrayEquals(Linalg.svdvals(x).get(":4").toFloatArray(), usv.get(1).toFloatArray(), 1e-2f);
        assertEquals(new Shape(40, 30), half.getShape(), "the input is still usable");
        assertEquals(x.getManager(), usv.get(0).getManager());
    }

    @Test
    void badArgumentsAreClearErrors() {
        assertThrows(IllegalStateException.class, () -> RandomizedSvd.builder().build());
        assertThrows(IllegalArgumentException.class, () -> RandomizedSvd.builder().setRank(0));
        NDArray v = manager.ones(new Shape(4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RandomizedSvd.builder().setRank(2).build().decompose(v));
        assertTrue(e.getMessage().contains("[..., m, n]"));
    }

    /** Stacks without importing NDArrays in every test. */
    static final class NDArrays2 {
        static NDArray stack(NDArray a, NDArray b) {
            return ai.djl.ndarray.NDArrays.stack(new NDList(a, b));
        }
    }
}
