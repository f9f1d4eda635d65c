package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * The token embedding table ({@code model.embed_tokens}).
 *
 * <p>Input: token ids {@code [B, T]} (int64). Output: {@code [B, T, H]}. Parameter {@code weight}: {@code [V, H]}
 * (also the output head when embeddings are tied).
 */
public final class TokenEmbedding extends AbstractBlock {

    private final Parameter weight;
    private final long hidden;

    /**
     * Creates an embedding table.
     *
     * @param vocab the vocabulary size V
     * @param hidden the width H
     */
    public TokenEmbedding(long vocab, long hidden) {
        this.hidden = hidden;
        this.weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(vocab, hidden)).build());
    }

    /**
     * Returns the table.
     *
     * @return the {@code weight} parameter, {@code [V, H]}
     */
    public Parameter weight() {
        return weight;
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.head();
        NDArray table = ps.getValue(weight, ids.getDevice(), training);
        return ids.getNDArrayInternal().embedding(ids, table, SparseFormat.DENSE);
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(hidden)};
    }
}
