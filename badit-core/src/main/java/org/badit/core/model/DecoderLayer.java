package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.badit.lora.nn.MutableBlock;

/**
 * One pre-norm decoder layer ({@code model.layers.{i}}):
 * {@code h = x + attn(norm(x)); out = h + mlp(norm(h))}. Gemma 2 also normalizes each branch's output (sandwich
 * norms: {@code post_attention_layernorm} after attention, {@code pre_/post_feedforward_layernorm} around the MLP).
 *
 * <p>Input and output {@code [B, T, H]}.
 */
public final class DecoderLayer extends MutableBlock {

    private final ModelConfig config;

    /**
     * Creates a layer.
     *
     * @param config the model configuration
     * @param index the layer index
     */
    public DecoderLayer(ModelConfig config, int index) {
        this.config = config;
        boolean gemma = config.gemmaStyle();
        addChild("input_layernorm", norm());
        addChild("self_attn", new Attention(config, index));
        addChild("post_attention_layernorm", norm());
        if (gemma) {
            addChild("pre_feedforward_layernorm", norm());
            addChild("post_feedforward_layernorm", norm());
        }
        addChild("mlp", new Mlp(config));
    }

    private RmsNorm norm() {
        return new RmsNorm(config.hiddenSize(), config.rmsNormEps(), config.gemmaStyle());
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray attn = run("self_attn", run("input_layernorm", x, ps, training, params), ps, training, params);
        if (config.gemmaStyle()) {
            NDArray h = x.add(run("post_attention_layernorm", attn, ps, training, params));
            NDArray mlp = run("mlp", run("pre_feedforward_layernorm", h, ps, training, params), ps, training, params);
            return new NDList(h.add(run("post_feedforward_layernorm", mlp, ps, training, params)));
        }
        NDArray h = x.add(attn);
        NDArray mlp = run("mlp", run("post_attention_layernorm", h, ps, training, params), ps, training, params);
        return new NDList(h.add(mlp));
    }

    private NDArray run(String name, NDArray x, ParameterStore ps, boolean training, PairList<String, Object> params) {
        return child(name).forward(ps, new NDList(x), training, params).head();
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = new Shape(1, 1, config.hiddenSize());
        for (String name : getChildren().keys()) {
            child(name).initialize(manager, dataType, hidden);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
