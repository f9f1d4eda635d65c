package org.badit.lora.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.Objects;
import org.badit.lora.nn.LoraLinear;

/**
 * PiSSA (Meng et al., "PiSSA: Principal Singular Values and Singular Vectors Adaptation of Large Language Models",
 * arXiv 2404.02948): the adapter starts as the top-r singular part of W and the rest stays frozen.
 *
 * <pre>
 *   W = U·diag(S)·Vᵀ                          [out, in]
 *   B = U[:, :r]·diag(sqrt(S[:r]/s))           [out, r]
 *   A = diag(sqrt(S[:r]/s))·Vᵀ[:r, :]          [r, in]
 *   W_res = W − s·B·A                          the new frozen base
 * </pre>
 *
 * <p>With {@link SvdMethod#randomized(int)} this is PEFT's {@code pissa_niter_K}: the top triplets come from the
 * randomized SVD, still exactly subtracted, so {@code W_res + s·B·A == W} holds for either method.
 */
public final class PissaInit implements LoraInitializer {

    private final SvdMethod method;

    /**
     * Creates the initializer.
     *
     * @param method exact or randomized SVD
     */
    public PissaInit(SvdMethod method) {
        this.method = Objects.requireNonNull(method, "method");
    }

    /** {@inheritDoc} */
    @Override
    public void initialize(LoraLinear layer, long seed) {
        try (NDManager sub = layer.manager().newSubManager()) {
            NDArray w = Residuals.computeCopy(layer);
            w.attach(sub);
            NDList usv = method.top(w, layer.rank(), seed);
            NDArray[] ab = Residuals.fromTriplets(usv, layer.scaling());
            Residuals.apply(layer, w, ab[0], ab[1]);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String peftName() {
        return method.isExact() ? "pissa" : "pissa_niter_" + method.niter();
    }

    /** {@inheritDoc} */
    @Override
    public boolean modifiesBase() {
        return true;
    }
}
