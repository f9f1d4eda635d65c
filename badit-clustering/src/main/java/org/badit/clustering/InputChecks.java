package org.badit.clustering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** Validation shared by the device-side strategies: one host transfer of the [G, N] norms, never per item. */
final class InputChecks {

    private InputChecks() {}

    static void checkVectors(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 3) {
            throw new IllegalArgumentException("expected vectors of shape [G, N, D], got " + s);
        }
        if (x.getDataType() != DataType.FLOAT32 && x.getDataType() != DataType.FLOAT64) {
            throw new IllegalArgumentException("expected float32 or float64 vectors, got " + x.getDataType());
        }
        if (s.get(0) < 1 || s.get(1) < 1 || s.get(2) < 1) {
            throw new IllegalArgumentException("empty input of shape " + s);
        }
        int g = (int) s.get(0);
        int n = (int) s.get(1);
        // NaN and Inf propagate into the norm, so one [G, N] transfer finds every bad item.
        double[] v;
        try (ai.djl.ndarray.NDManager sub = x.getManager().newSubManager()) {
            x.tempAttach(sub); // the norm's temporaries die with sub; x goes back to its manager
            v = x.norm(new int[] {-1}).toType(DataType.FLOAT64, false).toDoubleArray();
        }
        {
            for (int p = 0; p < g; p++) {
                for (int i = 0; i < n; i++) {
                    double norm = v[p * n + i];
                    if (Double.isNaN(norm)) {
                        throw new IllegalArgumentException("problem g=" + p + ", item i=" + i
                                + ": vector contains NaN");
                    }
                    if (Double.isInfinite(norm)) {
                        throw new IllegalArgumentException("problem g=" + p + ", item i=" + i
                                + ": vector contains an infinite entry (or overflows)");
                    }
                    if (norm == 0) {
                        throw new IllegalArgumentException("problem g=" + p + ", item i=" + i
                                + ": zero vector has no direction (drop it or add a tiny perturbation)");
                    }
                }
            }
        }
    }

    static void checkClusters(int k, long n) {
        if (k < 1) {
            throw new IllegalArgumentException("clusters K must be >= 1, got " + k);
        }
        if (k > n) {
            throw new IllegalArgumentException("clusters K = " + k + " exceeds the number of items N = " + n);
        }
    }
}
