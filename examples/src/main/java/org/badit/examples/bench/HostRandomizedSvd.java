package org.badit.examples.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.badit.lora.linalg.Linalg;

/**
 * The randomized SVD of {@link org.badit.lora.linalg.RandomizedSvd} with every product and QR in plain single-threaded
 * Java on the host: the baseline that shows what the device products buy. Same Gaussian test matrix for a seed.
 * Only the final small SVD of {@code [k+p, n]} goes through libtorch (it is the same cost in both variants).
 */
final class HostRandomizedSvd {

    private final int k;
    private final int oversamples;
    private final int niter;
    private final long seed;

    HostRandomizedSvd(int k, int oversamples, int niter, long seed) {
        this.k = k;
        this.oversamples = oversamples;
        this.niter = niter;
        this.seed = seed;
    }

    /** Top-k singular values of the row-major matrix {@code a [m, n]}. */
    float[] singularValues(float[] a, int m, int n, NDManager manager) {
        int l = Math.min(k + oversamples, Math.min(m, n));
        float[] omega = new float[n * l];
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < omega.length; i++) {
            double u1 = random.nextDouble();
            double u2 = random.nextDouble();
            omega[i] = (float) (Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2));
        }
        float[] q = orthonormalize(multiply(a, m, n, omega, l), m, l);
        for (int it = 0; it < niter; it++) {
            float[] qt = orthonormalize(multiplyTransposed(a, m, n, q, l), n, l);
            q = orthonormalize(multiply(a, m, n, qt, l), m, l);
        }
        // small = Qᵀ·A  [l, n]
        float[] small = new float[l * n];
        for (int i = 0; i < m; i++) {
            for (int c = 0; c < l; c++) {
                float qic = q[i * l + c];
                int row = c * n;
                int arow = i * n;
                for (int j = 0; j < n; j++) {
                    small[row + j] += qic * a[arow + j];
                }
            }
        }
        try (NDManager sub = manager.newSubManager()) {
            NDArray s = Linalg.svdvals(sub.create(small, new Shape(l, n)));
            float[] all = s.toFloatArray();
            return java.util.Arrays.copyOf(all, k);
        }
    }

    /** {@code A [m, n] · B [n, l]}. */
    private static float[] multiply(float[] a, int m, int n, float[] b, int l) {
        float[] out = new float[m * l];
        for (int i = 0; i < m; i++) {
            int orow = i * l;
            for (int p = 0; p < n; p++) {
                float aip = a[i * n + p];
                int brow = p * l;
                for (int j = 0; j < l; j++) {
                    out[orow + j] += aip * b[brow + j];
                }
            }
        }
        return out;
    }

    /** {@code Aᵀ [n, m] · B [m, l]}. */
    private static float[] multiplyTransposed(float[] a, int m, int n, float[] b, int l) {
        float[] out = new float[n * l];
        for (int p = 0; p < m; p++) {
            int arow = p * n;
            int brow = p * l;
            for (int i = 0; i < n; i++) {
                float api = a[arow + i];
                int orow = i * l;
                for (int j = 0; j < l; j++) {
                    out[orow + j] += api * b[brow + j];
                }
            }
        }
        return out;
    }

    /** Modified Gram-Schmidt, twice (enough for float32 orthogonality), on the columns of {@code y [rows, cols]}. */
    private static float[] orthonormalize(float[] y, int rows, int cols) {
        for (int pass = 0; pass < 2; pass++) {
            for (int c = 0; c < cols; c++) {
                for (int prev = 0; prev < c; prev++) {
                    double dot = 0;
                    for (int r = 0; r < rows; r++) {
                        dot += (double) y[r * cols + c] * y[r * cols + prev];
                    }
                    for (int r = 0; r < rows; r++) {
                        y[r * cols + c] -= (float) (dot * y[r * cols + prev]);
                    }
                }
                double norm = 0;
                for (int r = 0; r < rows; r++) {
                    norm += (double) y[r * cols + c] * y[r * cols + c];
                }
                float inv = (float) (1.0 / Math.sqrt(norm));
                for (int r = 0; r < rows; r++) {
                    y[r * cols + c] *= inv;
                }
            }
        }
        return y;
    }
}
