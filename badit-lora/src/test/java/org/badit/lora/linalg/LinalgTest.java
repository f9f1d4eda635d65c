package org.badit.lora.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.SingularValueDecomposition;
import org.badit.lora.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The libtorch linalg bridge against Commons Math on the host. */
class LinalgTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static double[][] random(int m, int n, long seed) {
        Random r = new Random(seed);
        double[][] a = new double[m][n];
        for (double[] row : a) {
            for (int j = 0; j < n; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return a;
    }

    private static NDArray toNd(double[][] a) {
        return manager.create(a).toType(DataType.FLOAT64, false);
    }

    @Test
    void svdMatchesCommonsMathAndReconstructs() {
        double[][] a = random(7, 5, 1);
        NDArray x = toNd(a);
        NDList usv = Linalg.svd(x);
        assertEquals(new Shape(7, 5), usv.get(0).getShape());
        assertEquals(new Shape(5), usv.get(1).getShape());
        assertEquals(new Shape(5, 5), usv.get(2).getShape());
        double[] expected = new SingularValueDecomposition(new Array2DRowRealMatrix(a)).getSingularValues();
        assertArrayEquals(expected, usv.get(1).toDoubleArray(), 1e-10);
        NDArray rebuilt = usv.get(0).mul(usv.get(1).expandDims(0)).matMul(usv.get(2));
        assertTrue(rebuilt.sub(x).abs().max().getDouble() < 1e-10);
        assertArrayEquals(expected, Linalg.svdvals(x).toDoubleArray(), 1e-10);
    }

    @Test
    void batchedSvdEqualsPerMatrixSvd() {
        NDArray batch = manager.randomNormal(new Shape(3, 6, 4));
        NDArray s = Linalg.svd(batch).get(1);
        for (int g = 0; g < 3; g++) {
            assertArrayEquals(Linalg.svdvals(batch.get(g)).toFloatArray(), s.get(g).toFloatArray(), 1e-5f);
        }
    }

    @Test
    void qrIsOrthonormalTimesUpperTriangular() {
        NDArray x = toNd(random(8, 3, 2));
        NDList qr = Linalg.qr(x);
        NDArray q = qr.get(0);
        NDArray r = qr.get(1);
        assertTrue(q.transpose().matMul(q).sub(manager.eye(3).toType(DataType.FLOAT64, false)).abs().max()
                .getDouble() < 1e-12);
        assertTrue(q.matMul(r).sub(x).abs().max().getDouble() < 1e-12);
        assertEquals(0.0, r.getDouble(2, 0), 0.0);
    }

    @Test
    void eighMatchesCommonsMath() {
        double[][] a = random(5, 5, 3);
        double[][] sym = new double[5][5];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                sym[i][j] = a[i][j] + a[j][i];
            }
        }
        double[] values = Linalg.eigh(toNd(sym)).get(0).toDoubleArray();
        double[] expected = new EigenDecomposition(new Array2DRowRealMatrix(sym)).getRealEigenvalues();
        java.util.Arrays.sort(expected);
        assertArrayEquals(expected, values, 1e-10);
    }

    @Test
    void choleskyAndSolve() {
        NDArray a = toNd(random(4, 4, 4));
        NDArray spd = a.matMul(a.transpose()).add(manager.eye(4).toType(DataType.FLOAT64, false));
        NDArray l = Linalg.cholesky(spd);
        assertTrue(l.matMul(l.transpose()).sub(spd).abs().max().getDouble() < 1e-10);
        NDArray b = toNd(random(4, 2, 5));
        NDArray xSol = Linalg.solve(spd, b);
        assertTrue(spd.matMul(xSol).sub(b).abs().max().getDouble() < 1e-10);
    }

    @Test
    void failureNamesTheOperation() {
        NDArray notSpd = manager.create(new float[] {1, 2, 2, 1}, new Shape(2, 2));
        LinalgException e = assertThrows(LinalgException.class, () -> Linalg.cholesky(notSpd));
        assertTrue(e.getMessage().contains("cholesky"), e.getMessage());
    }
}
