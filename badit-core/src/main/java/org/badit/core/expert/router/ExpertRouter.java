package org.badit.core.expert.router;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.badit.core.model.ForwardContext;

/**
 * Mixes K experts: the weights α of {@code y = x·W_resᵀ + s·Σ_k α_k·(x·A_kᵀ)·B_kᵀ}.
 *
 * <p>Every router starts at α = 1 for every expert, so the adapted layer computes exactly the pretrained function at
 * initialization (the released code's softmax weights summing to 1 break this). Every router is trainable. A router is
 * a child block of its layer, so its parameters have module paths ({@code ...gate_proj.router.gate}).
 */
public abstract class ExpertRouter extends AbstractBlock {

    /** The number of experts. */
    protected final int experts;

    /**
     * Creates a router.
     *
     * @param experts K
     */
    protected ExpertRouter(int experts) {
        super((byte) 1);
        this.experts = experts;
    }

    /**
     * Computes the expert weights for an input.
     *
     * @param ps the parameter store of this forward call
     * @param x the layer input {@code [B, T, in]}
     * @param ctx the model's forward context (prompt mask, task ids, routing cache, auxiliary losses), or null when
     *     the layer runs outside a {@code DecoderLM}
     * @param training whether this is a training forward
     * @return α broadcastable against {@code [B, T, K]}: {@code [K]}, {@code [B, 1, K]} or {@code [B, T, K]}
     */
    public abstract NDArray weights(ParameterStore ps, NDArray x, ForwardContext ctx, boolean training);

    /**
     * Returns the router's name in configs and adapter files.
     *
     * @return {@code static}, {@code sequence}, {@code token} or {@code task}
     */
    public abstract String type();

    /**
     * Returns whether α depends on the input (then a regroup cannot be made output-preserving by rescaling).
     *
     * @return true for sequence and token routers
     */
    public abstract boolean inputDependent();

    /**
     * Returns the layer-wide static weights when the router has them.
     *
     * @return {@code [K]}, or null for routers whose weights depend on the input or task
     */
    public NDArray staticWeights() {
        return null;
    }

    /**
     * Creates a trainable parameter holding an array.
     *
     * @param name the parameter's name
     * @param array its initial value
     * @return the registered parameter
     */
    protected final Parameter trainable(String name, NDArray array) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(array);
        array.setRequiresGradient(true);
        return addParameter(p);
    }

    /** {@inheritDoc} */
    @Override
    protected ai.djl.ndarray.NDList forwardInternal(ParameterStore ps, ai.djl.ndarray.NDList inputs, boolean training,
            PairList<String, Object> params) {
        return new ai.djl.ndarray.NDList(weights(ps, inputs.head(), ForwardContext.find(params), training));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {new Shape(experts)};
    }
}
