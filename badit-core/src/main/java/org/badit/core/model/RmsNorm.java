package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import org.badit.lora.engine.Scalars;

/**
 * Root-mean-square normalization over the last axis: {@code y = x / sqrt(mean(x²) + eps) · w}, or {@code · (1 + w)}
 * in Gemma's convention (whose weights are stored as offsets from one).
 *
 * <p>Input and output: {@code [..., dim]}. Parameter {@code weight}: {@code [dim]}.
 */
public final class RmsNorm extends AbstractBlock {

    private final Parameter weight;
    private final float eps;
    private final boolean unitOffset;

    /**
     * Creates a norm.
     *
     * @param dim the width of the normalized axis
     * @param eps added to the mean square
     * @param unitOffset true for Gemma's {@code (1 + w)}
     */
    public RmsNorm(long dim, double eps, boolean unitOffset) {
        this.eps = (float) eps;
        this.unitOffset = unitOffset;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.GAMMA)
                .optShape(new Shape(dim)).optInitializer(unitOffset ? Initializer.ZEROS : Initializer.ONES).build());
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        // Normalized in float32 whatever the compute type, as Hugging Face does.
        NDArray x32 = x.toType(DataType.FLOAT32, false);
        NDArray normed = x32.div(x32.square().mean(new int[] {-1}, true).add(eps).sqrt()); // no scalar pow: see Scalars
        // Activations stay the left operand so results live in the step's manager, never in the weights'.
        NDArray out = unitOffset ? normed.mul(w).add(normed) : normed.mul(w);
        return new NDList(out.toType(x.getDataType(), false));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
