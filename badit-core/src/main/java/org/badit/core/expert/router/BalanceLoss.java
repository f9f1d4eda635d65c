package org.badit.core.expert.router;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.util.PairList;
import org.badit.lora.engine.Scalars;

/**
 * The load-balancing auxiliary loss of token routers (LoRAMoE's optional balance term), in the Switch Transformer
 * form: per layer {@code K · Σ_k f_k · P_k}, with f_k the fraction of real tokens whose largest weight is expert k
 * (no gradient) and P_k the mean router probability of expert k. It is 1 when routing is uniform and grows as tokens
 * pile onto few experts.
 *
 * <p>The trainer puts one collector per micro-batch into the forward params under {@link #KEY}; every token router
 * adds its layer's term; the trainer adds {@code weight · mean()} to the loss.
 */
public final class BalanceLoss {

    /** The key of the collector in a forward call's params. */
    public static final String KEY = "badit.balance_loss";

    private final NDList terms = new NDList();

    /**
     * Finds the collector in a forward call's params.
     *
     * @param params the params, possibly null
     * @return the collector, or null when the balance loss is off
     */
    public static BalanceLoss of(PairList<String, Object> params) {
        Object o = params == null ? null : params.get(KEY);
        return o instanceof BalanceLoss ? (BalanceLoss) o : null;
    }

    /**
     * Adds one layer's term.
     *
     * @param probs the router probabilities {@code [B, T, K]} (softmax, before the ·K scaling)
     * @param tokenMask {@code [B, T]} 1 on real tokens, or null for all
     */
    public void add(NDArray probs, NDArray tokenMask) {
        long k = probs.getShape().getLastDimension();
        NDArray mask = tokenMask == null ? probs.onesLike().get("..., 0")
                : tokenMask.toType(probs.getDataType(), false);
        NDArray count = mask.sum().maximum(1f).stopGradient();
        NDArray m = mask.expandDims(-1); // [B, T, 1]
        NDArray meanProb = probs.mul(m).sum(new int[] {0, 1}).div(count); // P_k, [K]
        NDArray top = probs.stopGradient().argMax(-1); // [B, T]
        NDArray oneHot = top.oneHot((int) k).toType(probs.getDataType(), false).mul(m);
        NDArray fraction = oneHot.sum(new int[] {0, 1}).div(count).stopGradient(); // f_k, [K]
        terms.add(Scalars.mul(fraction.mul(meanProb).sum(), k));
    }

    /**
     * Returns the mean term over the layers that reported one.
     *
     * @return a 0-d array, or null when no router reported
     */
    public NDArray mean() {
        return terms.isEmpty() ? null : NDArrays.stack(terms).mean().toType(DataType.FLOAT32, false);
    }
}
