package org.badit.core.expert.router;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import org.badit.core.model.ForwardContext;
import org.badit.lora.engine.Scalars;

/**
 * Per-token routing as LoRAMoE: α_t = K·softmax(G·x_t), with G zero-initialized so α = 1 at the start.
 */
public final class TokenRouter extends ExpertRouter {

    private final Parameter gate; // [K, in]

    /**
     * Creates the router with G = 0.
     *
     * @param manager the manager (and device) of the layer
     * @param experts K
     * @param inFeatures the layer's input width
     */
    public TokenRouter(NDManager manager, int experts, long inFeatures) {
        super(experts);
        this.gate = trainable("gate", manager.zeros(new Shape(experts, inFeatures)));
    }

    /** {@inheritDoc} */
    @Override
    public NDArray weights(ParameterStore ps, NDArray x, ForwardContext ctx, boolean training) {
        NDArray g = ps.getValue(gate, x.getDevice(), training);
        NDArray probs = Linear.linear(x, g).head().softmax(-1); // [B, T, K]
        if (training && ctx != null && ctx.auxiliaryLosses() != null) {
            ctx.auxiliaryLosses().add(BalanceLoss.term(probs, ctx.attentionMask()));
        }
        return Scalars.mul(probs, experts);
    }

    /** {@inheritDoc} */
    @Override
    public String type() {
        return "token";
    }

    /** {@inheritDoc} */
    @Override
    public boolean inputDependent() {
        return true;
    }
}
