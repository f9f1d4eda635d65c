package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;

/** The auxiliary loss terms blocks report during one forward pass (e.g. one balance term per token-routed layer). */
public final class AuxiliaryLosses {

    private final NDList terms = new NDList();

    AuxiliaryLosses() {}

    /**
     * Adds one term.
     *
     * @param term a 0-d array
     */
    public void add(NDArray term) {
        terms.add(term);
    }

    /**
     * Returns the mean term.
     *
     * @return a 0-d float32 array, or null when nothing was reported
     */
    NDArray mean() {
        return terms.isEmpty() ? null : NDArrays.stack(terms).mean().toType(DataType.FLOAT32, false);
    }
}
