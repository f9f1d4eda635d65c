package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.badit.lora.nn.MutableBlock;
import org.badit.lora.engine.Scalars;

/**
 * The gated feed-forward block ({@code mlp}): {@code down_proj(act(gate_proj(x)) · up_proj(x))}.
 *
 * <p>Children: {@code gate_proj}, {@code up_proj} {@code [I, H]}, {@code down_proj} {@code [H, I]}. Input and output
 * {@code [B, T, H]}.
 */
public final class Mlp extends MutableBlock {

    private static final float SQRT_2_OVER_PI = (float) Math.sqrt(2 / Math.PI);

    private final ModelConfig config;

    /**
     * Creates the MLP of one layer.
     *
     * @param config the model configuration
     */
    public Mlp(ModelConfig config) {
        this.config = config;
        addChild("gate_proj", Attention.linear(config.intermediateSize(), config.mlpBias()));
        addChild("up_proj", Attention.linear(config.intermediateSize(), config.mlpBias()));
        addChild("down_proj", Attention.linear(config.hiddenSize(), config.mlpBias()));
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray gate = child("gate_proj").forward(ps, inputs, training, params).head();
        NDArray up = child("up_proj").forward(ps, inputs, training, params).head();
        NDArray hidden = activate(gate).mul(up);
        return child("down_proj").forward(ps, new NDList(hidden), training, params);
    }

    private NDArray activate(NDArray x) {
        return switch (config.hiddenAct()) {
            case "silu", "swish" -> x.mul(Activation.sigmoid(x));
            case "gelu" -> Activation.gelu(x);
            // tanh approximation: 0.5·x·(1 + tanh(sqrt(2/π)·(x + 0.044715·x³)))
            case "gelu_pytorch_tanh", "gelu_new" ->
                    Scalars.mul(Scalars.mul(Scalars.mul(x.mul(x).mul(x), 0.044715f).add(x), SQRT_2_OVER_PI).tanh().add(1f).mul(x), 0.5f);
            case "relu" -> Activation.relu(x);
            default -> throw new IllegalStateException("unsupported activation " + config.hiddenAct());
        };
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        child("gate_proj").initialize(manager, dataType, new Shape(config.hiddenSize()));
        child("up_proj").initialize(manager, dataType, new Shape(config.hiddenSize()));
        child("down_proj").initialize(manager, dataType, new Shape(config.intermediateSize()));
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
