package org.badit.lora.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.badit.lora.linalg.Linalg;
import org.badit.lora.nn.LoraLinear;

/**
 * MiLoRA (Wang et al., "MiLoRA: Harnessing Minor Singular Components for Parameter-Efficient LLM Finetuning",
 * arXiv 2406.09044): as {@link PissaInit} but with the <em>smallest</em> r singular triplets, leaving the principal
 * part of W frozen.
 *
 * <pre>
 *   k = min(out, in);  B = U[:, k−r:]·diag(sqrt(S[k−r:]/s));  A = diag(sqrt(S[k−r:]/s))·Vᵀ[k−r:, :]
 *   W_res = W − s·B·A
 * </pre>
 *
 * <p>Always the exact SVD: a randomized range finder only finds the largest triplets.
 */
public final class MiloraInit implements LoraInitializer {

    /** Creates the initializer (exact SVD). */
    public MiloraInit() {
        this(SvdMethod.exact());
    }

    /**
     * Creates the initializer, refusing a method that cannot find the smallest triplets.
     *
     * @param method must be {@link SvdMethod#exact()}
     * @throws IllegalArgumentException for a randomized method
     */
    public MiloraInit(SvdMethod method) {
        if (!method.isExact()) {
            throw new IllegalArgumentException("MiLoRA needs the smallest singular triplets, which a randomized SVD ("
                    + method + ") does not find; use SvdMethod.exact()");
        }
    }

    /** {@inheritDoc} */
    @Override
    public void initialize(LoraLinear layer, long seed) {
        try (NDManager sub = layer.manager().newSubManager()) {
            NDArray w = Residuals.computeCopy(layer);
            w.attach(sub);
            NDList usv = Linalg.svd(w);
            long k = usv.get(1).getShape().get(0);
            long from = k - layer.rank();
            NDList minor = new NDList(usv.get(0).get(":, " + from + ":"), usv.get(1).get(from + ":"),
                    usv.get(2).get(from + ":, :"));
            NDArray[] ab = Residuals.fromTriplets(minor, layer.scaling());
            Residuals.apply(layer, w, ab[0], ab[1]);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String peftName() {
        return "milora";
    }

    /** {@inheritDoc} */
    @Override
    public boolean modifiesBase() {
        return true;
    }
}
