package org.badit.clustering.nd4j;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Shared ND4J helpers: validation, row normalization, member signs (mirrors of the DJL ones). */
final class Nd4jSupport {

    private Nd4jSupport() {}

    /** Validates [G, N, D] (NaN, Inf, zero vectors named by g and i; K ≤ N) and returns unit rows as float32. */
    static INDArray checkAndNormalize(INDArray x, int k) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("expected vectors of shape [G, N, D], got "
                    + java.util.Arrays.toString(x.shape()));
        }
        int g = (int) x.size(0);
        int n = (int) x.size(1);
        if (k < 1 || k > n) {
            throw new IllegalArgumentException("clusters K = " + k + " exceeds the number of items N = " + n);
        }
        INDArray xs = x.castTo(DataType.FLOAT).dup('c');
        double[][] norms = x.castTo(DataType.DOUBLE).norm2(2).reshape(g, n).toDoubleMatrix();
        for (int p = 0; p < g; p++) {
            for (int i = 0; i < n; i++) {
                double v = norms[p][i];
                if (Double.isNaN(v)) {
                    throw new IllegalArgumentException("problem g=" + p + ", item i=" + i + ": vector contains NaN");
                }
                if (Double.isInfinite(v)) {
                    throw new IllegalArgumentException("problem g=" + p + ", item i=" + i
                            + ": vector contains an infinite entry (or overflows)");
                }
                if (v == 0) {
                    throw new IllegalArgumentException("problem g=" + p + ", item i=" + i
                            + ": zero vector has no direction (drop it or add a tiny perturbation)");
                }
            }
            INDArray slice = xs.slice(p);
            slice.assign(normalizeRows(slice));
        }
        return xs;
    }

    /** x / max(‖x‖, 1e-12) per row, like torch's F.normalize (a zero row stays zero). */
    static INDArray normalizeRows(INDArray m) {
        INDArray norms = m.norm2(1).reshape(m.size(0), 1);
        INDArray clamped = norms.dup();
        for (int i = 0; i < clamped.length(); i++) {
            clamped.putScalar(i, Math.max(clamped.getDouble(i), 1e-12));
        }
        return m.divColumnVector(clamped);
    }

    /** Signs orienting each member to its cluster's direction: first member as reference, three passes. */
    static float[] memberSigns(INDArray xn, int[] labels, int k) {
        int n = labels.length;
        int d = (int) xn.size(1);
        INDArray ref = org.nd4j.linalg.factory.Nd4j.create(DataType.FLOAT, k, d);
        boolean[] seen = new boolean[k];
        for (int i = 0; i < n; i++) {
            if (!seen[labels[i]]) {
                seen[labels[i]] = true;
                ref.putRow(labels[i], xn.getRow(i));
            }
        }
        for (int c = 0; c < k; c++) {
            if (!seen[c]) {
                ref.putRow(c, xn.getRow(0)); // as argMax of an all-zero column: item 0
            }
        }
        float[] sign = new float[n];
        for (int pass = 0; pass < 3; pass++) {
            float[][] dots = xn.mmul(ref.transpose()).toFloatMatrix();
            float[][] w = new float[k][n];
            for (int i = 0; i < n; i++) {
                sign[i] = dots[i][labels[i]] >= 0 ? 1 : -1;
                w[labels[i]][i] = sign[i];
            }
            ref = org.nd4j.linalg.factory.Nd4j.create(w).mmul(xn);
        }
        return sign;
    }
}
