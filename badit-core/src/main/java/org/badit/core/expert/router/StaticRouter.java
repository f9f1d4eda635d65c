package org.badit.core.expert.router;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.badit.core.model.ForwardContext;

/** A learnable α ∈ R^K per layer, initialized to 1: the paper's literal combination. */
public final class StaticRouter extends ExpertRouter {

    private final Parameter alpha; // [K]

    /**
     * Creates the router with α = 1.
     *
     * @param manager the manager (and device) of the layer
     * @param experts K
     */
    public StaticRouter(NDManager manager, int experts) {
        super(experts);
        this.alpha = trainable("alpha", manager.ones(new ai.djl.ndarray.types.Shape(experts)));
    }

    /** {@inheritDoc} */
    @Override
    public NDArray weights(ParameterStore ps, NDArray x, ForwardContext ctx, boolean training) {
        return ps.getValue(alpha, x.getDevice(), training);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray staticWeights() {
        return alpha.getArray();
    }

    /** {@inheritDoc} */
    @Override
    public String type() {
        return "static";
    }

    /** {@inheritDoc} */
    @Override
    public boolean inputDependent() {
        return false;
    }
}
