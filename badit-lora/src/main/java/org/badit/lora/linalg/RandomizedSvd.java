package org.badit.lora.linalg;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;

/**
 * Truncated SVD by randomized range finding (Halko, Martinsson &amp; Tropp, "Finding structure with randomness",
 * SIAM Review 2011, Algorithms 4.1 and 4.4), the method PEFT's {@code pissa_niter_K} initialization uses through
 * {@code torch.svd_lowrank}.
 *
 * <pre>
 *   X [.., m, n]      Ω [n, l]  Gaussian (seeded), l = k + oversamples
 *   Q  = qr(X·Ω).Q                         [.., m, l]   range finder
 *   repeat niter:                                        power (subspace) iterations, each re-orthonormalized
 *     Q' = qr(Xᵀ·Q).Q ;  Q = qr(X·Q').Q                 so round-off cannot collapse Q onto the top direction
 *   Bs = Qᵀ·X                               [.., l, n]   small
 *   Ub, S, Vh = svd(Bs) ;  U = Q·Ub                      truncate to k
 * </pre>
 *
 * <p>Every product is a device matmul through DJL and the small QR/SVD run through {@link Linalg}, both on the
 * input's device; only the Gaussian test matrix is drawn on the host (so a seed gives the same matrix on every
 * device). Leading dimensions are batch dimensions: each matrix of a batch gets the same test matrix.
 *
 * <p>Accuracy: the error of the j-th singular value decays like {@code (σ_{l+1}/σ_j)^(2·niter+1)}; with a decaying
 * spectrum and {@code niter >= 4} the top k values agree with the exact SVD to well under 1e-3 (see the tests and the
 * {@code bench-svd} command).
 */
public final class RandomizedSvd {

    /** Default oversampling, as Halko et al. recommend (and {@code torch.svd_lowrank}'s default is similar). */
    public static final int DEFAULT_OVERSAMPLES = 10;
    /** Default number of power iterations. */
    public static final int DEFAULT_NITER = 4;

    private final int rank;
    private final int oversamples;
    private final int niter;
    private final long seed;

    private RandomizedSvd(Builder builder) {
        this.rank = builder.rank;
        this.oversamples = builder.oversamples;
        this.niter = builder.niter;
        this.seed = builder.seed;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the number of singular triplets returned.
     *
     * @return k
     */
    public int getRank() {
        return rank;
    }

    /**
     * Returns the number of power iterations.
     *
     * @return niter
     */
    public int getNiter() {
        return niter;
    }

    /**
     * Computes the top-k singular triplets of {@code x}.
     *
     * <p>The results are attached to {@code x}'s manager, on {@code x}'s device, in {@code x}'s data type (float16
     * inputs are computed in float32 and the results stay float32).
     *
     * @param x a matrix or batch {@code [..., m, n]} of float32/float64/float16
     * @return {@code U [..., m, k]}, {@code S [..., k]} descending, {@code Vh [..., k, n]}, k = min(rank, m, n)
     */
    public NDList decompose(NDArray x) {
        Shape shape = x.getShape();
        if (shape.dimension() < 2) {
            throw new IllegalArgumentException("RandomizedSvd needs a matrix [..., m, n], got shape " + shape);
        }
        long m = shape.get(shape.dimension() - 2);
        long n = shape.get(shape.dimension() - 1);
        long k = Math.min(rank, Math.min(m, n));
        long l = Math.min(k + oversamples, Math.min(m, n));
        NDManager owner = x.getManager();
        try (NDManager sub = owner.newSubManager(x.getDevice())) {
            NDArray a = x.getDataType() == DataType.FLOAT64 ? x : x.toType(DataType.FLOAT32, false);
            if (a == x) {
                a.tempAttach(sub); // borrowed: goes back to its manager, and products land in sub
            } else {
                a.attach(sub); // our float32 copy of a float16 input: freed with sub
            }
            NDArray omega = gaussian(sub, n, l, a.getDataType());
            NDArray q = orthonormal(a.matMul(omega));
            for (int i = 0; i < niter; i++) {
                NDArray qt = orthonormal(transposeLast(a).matMul(q));
                q = orthonormal(a.matMul(qt));
            }
            NDArray small = transposeLast(q).matMul(a);
            NDList usv = Linalg.svd(small);
            NDIndex firstK = new NDIndex("..., :" + k);
            NDArray u = q.matMul(usv.get(0)).get(firstK);
            NDArray s = usv.get(1).get(firstK);
            NDArray vh = usv.get(2).get(new NDIndex("..., :" + k + ", :"));
            NDList out = new NDList(u, s, vh);
            out.attach(owner);
            return out;
        }
    }

    private static NDArray orthonormal(NDArray y) {
        return Linalg.qr(y).get(0);
    }

    private static NDArray transposeLast(NDArray a) {
        int d = a.getShape().dimension();
        return a.swapAxes(d - 2, d - 1);
    }

    private NDArray gaussian(NDManager manager, long rows, long cols, DataType type) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] values = new double[Math.toIntExact(rows * cols)];
        for (int i = 0; i < values.length; i++) {
            values[i] = gauss(random);
        }
        return manager.create(values, new Shape(rows, cols)).toType(type, false);
    }

    // Box-Muller on SplittableRandom: the same numbers on every JDK and device for a given seed.
    private static double gauss(SplittableRandom random) {
        double u1 = random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2.0 * Math.log(1.0 - u1)) * Math.cos(2.0 * Math.PI * u2);
    }

    /** Builds a {@link RandomizedSvd}: {@code set*} is required, {@code opt*} optional. */
    public static final class Builder {
        private int rank = -1;
        private int oversamples = DEFAULT_OVERSAMPLES;
        private int niter = DEFAULT_NITER;
        private long seed = 0L;

        private Builder() {}

        /**
         * Sets the number k of singular triplets to compute.
         *
         * @param rank k, at least 1
         * @return this builder
         */
        public Builder setRank(int rank) {
            if (rank < 1) {
                throw new IllegalArgumentException("rank must be >= 1, got " + rank);
            }
            this.rank = rank;
            return this;
        }

        /**
         * Sets the oversampling p: the range finder works in k + p dimensions.
         *
         * @param oversamples p, at least 0 (default {@value #DEFAULT_OVERSAMPLES})
         * @return this builder
         */
        public Builder optOversamples(int oversamples) {
            if (oversamples < 0) {
                throw new IllegalArgumentException("oversamples must be >= 0, got " + oversamples);
            }
            this.oversamples = oversamples;
            return this;
        }

        /**
         * Sets the number of power iterations.
         *
         * @param niter at least 0 (default {@value #DEFAULT_NITER})
         * @return this builder
         */
        public Builder optNiter(int niter) {
            if (niter < 0) {
                throw new IllegalArgumentException("niter must be >= 0, got " + niter);
            }
            this.niter = niter;
            return this;
        }

        /**
         * Sets the seed of the Gaussian test matrix.
         *
         * @param seed the seed (default 0)
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the decomposer.
         *
         * @return the randomized SVD
         */
        public RandomizedSvd build() {
            if (rank < 1) {
                throw new IllegalStateException("RandomizedSvd.builder(): setRank(k) is required");
            }
            return new RandomizedSvd(this);
        }
    }
}
