package org.badit.lora.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import org.badit.lora.linalg.Linalg;
import org.badit.lora.linalg.RandomizedSvd;

/**
 * How an SVD-based initializer factors the weight: {@link #exact()} ({@code torch.linalg.svd}) or
 * {@link #randomized(int)} (Halko et al. with {@code niter} power iterations, PEFT's {@code pissa_niter_K}). Both run
 * on the weight's device.
 */
public final class SvdMethod {

    private final int niter;

    private SvdMethod(int niter) {
        this.niter = niter;
    }

    /**
     * The full SVD.
     *
     * @return the exact method
     */
    public static SvdMethod exact() {
        return new SvdMethod(-1);
    }

    /**
     * The randomized SVD (fast for large weights and small r).
     *
     * @param niter power iterations, at least 0 (4 or more for accurate top singular values)
     * @return the randomized method
     */
    public static SvdMethod randomized(int niter) {
        if (niter < 0) {
            throw new IllegalArgumentException("niter must be >= 0, got " + niter);
        }
        return new SvdMethod(niter);
    }

    /**
     * Returns whether this is the exact SVD.
     *
     * @return true for {@link #exact()}
     */
    public boolean isExact() {
        return niter < 0;
    }

    /**
     * Returns the number of power iterations.
     *
     * @return niter, or -1 for the exact SVD
     */
    public int niter() {
        return niter;
    }

    /**
     * The top-k singular triplets.
     *
     * @param w {@code [m, n]}
     * @param k the number of triplets
     * @param seed the seed of the randomized method
     * @return {@code U [m, k]}, {@code S [k]} descending, {@code Vh [k, n]}, attached to {@code w}'s manager
     */
    public NDList top(NDArray w, int k, long seed) {
        if (!isExact()) {
            return RandomizedSvd.builder().setRank(k).optNiter(niter).optSeed(seed).build().decompose(w);
        }
        NDList usv = Linalg.svd(w);
        NDList out = new NDList(usv.get(0).get(":, :" + k), usv.get(1).get(":" + k), usv.get(2).get(":" + k + ", :"));
        usv.close();
        return out;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return isExact() ? "exact" : "randomized(niter=" + niter + ")";
    }
}
