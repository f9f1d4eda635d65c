package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.badit.lora.nn.MutableBlock;
import org.badit.lora.engine.Scalars;

/**
 * The decoder body ({@code model}): {@code embed_tokens}, {@code layers}, final {@code norm}.
 *
 * <p>Input: token ids {@code [B, T]}. Output: final hidden states {@code [B, T, H]}.
 */
public final class DecoderModel extends MutableBlock {

    private final ModelConfig config;

    /**
     * Creates the body.
     *
     * @param config the model configuration
     */
    public DecoderModel(ModelConfig config) {
        this.config = config;
        addChild("embed_tokens", new TokenEmbedding(config.vocabSize(), config.hiddenSize()));
        addChild("layers", new LayerList(config));
        addChild("norm", new RmsNorm(config.hiddenSize(), config.rmsNormEps(), config.gemmaStyle()));
    }

    /**
     * Returns the embedding table (the output head when tied).
     *
     * @return the current {@code embed_tokens} block
     */
    public TokenEmbedding embedTokens() {
        return (TokenEmbedding) child("embed_tokens");
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray h = child("embed_tokens").forward(ps, inputs, training, params).head();
        if (config.gemmaStyle()) {
            // Gemma: the scale is rounded to the compute type before multiplying, as in Hugging Face.
            h = Scalars.mul(h, (float) Math.sqrt(config.hiddenSize()));
        }
        NDList out = child("layers").forward(ps, new NDList(h), training, params);
        return child("norm").forward(ps, out, training, params);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = new Shape(1, 1, config.hiddenSize());
        child("embed_tokens").initialize(manager, dataType, new Shape(1, 1));
        child("layers").initialize(manager, dataType, hidden);
        child("norm").initialize(manager, dataType, hidden);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.hiddenSize())};
    }
}
