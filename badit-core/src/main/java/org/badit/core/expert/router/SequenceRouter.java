package org.badit.core.expert.router;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.Map;
import org.badit.core.model.ForwardContext;
import org.badit.lora.engine.Scalars;

/**
 * Per-sequence routing: α = K·softmax(G·h̄), h̄ the masked mean of the <em>prompt</em> tokens' layer input, G
 * zero-initialized so α = 1 at the start.
 *
 * <p>Routing on the prompt alone (not on the target tokens being predicted) means the router sees the same thing at
 * training and at generation time. α is computed once per sequence in the prefill, cached in the
 * generation's routing cache ({@link ForwardContext#ROUTING_CACHE}), and reused on every decode step. Without a forward context (a layer called on its own) every token counts as prompt.
 */
public final class SequenceRouter extends ExpertRouter {

    private final Parameter gate; // [K, in]
    // Identifies this router's entry in a generation's routing cache.
    private final String cacheKey = "sequence-router@" + java.util.UUID.randomUUID();

    /**
     * Creates the router with G = 0.
     *
     * @param manager the manager (and device) of the layer
     * @param experts K
     * @param inFeatures the layer's input width
     */
    public SequenceRouter(NDManager manager, int experts, long inFeatures) {
        super(experts);
        this.gate = trainable("gate", manager.zeros(new Shape(experts, inFeatures)));
    }

    /** {@inheritDoc} */
    @Override
    public NDArray weights(ParameterStore ps, NDArray x, ForwardContext ctx, boolean training) {
        Map<String, Object> cache = ctx == null ? null : ctx.routingCache();
        if (ctx != null && !ctx.isPrefill()) {
            Object cached = cache == null ? null : cache.get(cacheKey);
            if (!(cached instanceof NDArray)) {
                throw new IllegalStateException("sequence router: a decode step needs the routing cached by the "
                        + "prefill (give ForwardInputs a routing cache while generating)");
            }
            return (NDArray) cached;
        }
        NDArray mask = ctx == null ? null : ctx.promptMask(); // [B, T]
        NDArray mean; // [B, in]
        if (mask == null) {
            mean = x.mean(new int[] {1});
        } else {
            NDArray m = mask.toType(x.getDataType(), false).expandDims(-1); // [B, T, 1]
            mean = x.mul(m).sum(new int[] {1}).div(m.sum(new int[] {1}).maximum(1f));
        }
        NDArray g = ps.getValue(gate, x.getDevice(), training);
        NDArray alpha = Linear.linear(mean, g).head().softmax(-1);
        alpha = Scalars.mul(alpha, experts).expandDims(1); // [B, 1, K]
        if (cache != null) {
            cache.put(cacheKey, ctx.retain(alpha.duplicate()));
        }
        return alpha;
    }

    /** {@inheritDoc} */
    @Override
    public String type() {
        return "sequence";
    }

    /** {@inheritDoc} */
    @Override
    public boolean inputDependent() {
        return true;
    }
}
