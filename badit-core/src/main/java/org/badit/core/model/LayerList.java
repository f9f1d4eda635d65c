package org.badit.core.model;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.badit.lora.nn.MutableBlock;

/** The decoder layers in order ({@code model.layers}; children {@code "0"}, {@code "1"}, ...). */
public final class LayerList extends MutableBlock {

    private final int count;

    /**
     * Creates the layers of a model.
     *
     * @param config the model configuration
     */
    public LayerList(ModelConfig config) {
        this.count = config.numLayers();
        for (int i = 0; i < count; i++) {
            addChild(Integer.toString(i), new DecoderLayer(config, i));
        }
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDList h = inputs;
        for (int i = 0; i < count; i++) {
            h = child(Integer.toString(i)).forward(ps, h, training, params);
        }
        return h;
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        for (int i = 0; i < count; i++) {
            child(Integer.toString(i)).initialize(manager, dataType, inputShapes);
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
