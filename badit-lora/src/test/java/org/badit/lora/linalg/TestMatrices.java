package org.badit.lora.linalg;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/** Test matrices with a known, decaying spectrum, built on the host. */
public final class TestMatrices {

    private TestMatrices() {}

    /**
     * {@code U·diag(decay^i)·Vᵀ} with random orthonormal U, V.
     *
     * @param m rows
     * @param n columns
     * @param decay ratio of consecutive singular values
     * @param seed the seed
     * @return the matrix
     */
    public static double[][] decaying(int m, int n, double decay, long seed) {
        Random r = new Random(seed);
        int k = Math.min(m, n);
        RealMatrix u = orthonormal(m, k, r);
        RealMatrix v = orthonormal(n, k, r);
        for (int j = 0; j < k; j++) {
            u.setColumnVector(j, u.getColumnVector(j).mapMultiply(10 * Math.pow(decay, j)));
        }
        return u.multiply(v.transpose()).getData();
    }

    private static RealMatrix orthonormal(int rows, int cols, Random r) {
        double[][] g = new double[rows][cols];
        for (double[] row : g) {
            for (int j = 0; j < cols; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return new QRDecomposition(new Array2DRowRealMatrix(g)).getQ().getSubMatrix(0, rows - 1, 0, cols - 1);
    }

    /**
     * Flattens row-major to float.
     *
     * @param a the matrix
     * @return row-major floats
     */
    public static float[] toFloat(double[][] a) {
        float[] out = new float[a.length * a[0].length];
        int i = 0;
        for (double[] row : a) {
            for (double v : row) {
                out[i++] = (float) v;
            }
        }
        return out;
    }
}
