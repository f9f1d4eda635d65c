package org.badit.core.expert.router;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.badit.lora.engine.Scalars;

/**
 * The load-balancing auxiliary loss of token routers (LoRAMoE's optional balance term), in the Switch Transformer
 * form: per layer {@code K · Σ_k f_k · P_k}, with f_k the fraction of real tokens whose largest weight is expert k
 * (no gradient) and P_k the mean router probability of expert k. It is 1 when routing is uniform and grows as tokens
 * pile onto few experts.
 *
 * <p>The trainer asks the forward pass for auxiliary losses ({@code ForwardInputs.withAuxiliaryLosses}); every token
 * router adds its layer's term to the pass's collector; the pass returns their mean
 * ({@code ForwardOutput.auxiliaryLoss}), and the trainer adds {@code weight · mean} to the loss.
 */
public final class BalanceLoss {

    private BalanceLoss() {}

    /**
     * Computes one layer's term.
     *
     * @param probs the router probabilities {@code [B, T, K]} (softmax, before the ·K scaling)
     * @param tokenMask {@code [B, T]} 1 on real tokens, or null for all
     * @return a 0-d array
     */
    public static NDArray term(NDArray probs, NDArray tokenMask) {
        long k = probs.getShape().getLastDimension();
        NDArray mask = tokenMask == null ? probs.onesLike().get("..., 0")
                : tokenMask.toType(probs.getDataType(), false);
        NDArray count = mask.sum().maximum(1f).stopGradient();
        NDArray m = mask.expandDims(-1); // [B, T, 1]
        NDArray meanProb = probs.mul(m).sum(new int[] {0, 1}).div(count); // P_k, [K]
        NDArray top = probs.stopGradient().argMax(-1); // [B, T]
        NDArray oneHot = top.oneHot((int) k).toType(probs.getDataType(), false).mul(m);
        NDArray fraction = oneHot.sum(new int[] {0, 1}).div(count).stopGradient(); // f_k, [K]
        return Scalars.mul(fraction.mul(meanProb).sum(), k);
    }
}
