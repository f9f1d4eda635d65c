package org.badit.core.expert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The rank-1 component view of expert tensors: a {@link BaditLinear}'s {@code A [K, r, in]} and {@code B [K, out, r]}
 * (and anything laid out like them: gradients, optimizer moments) seen as K·r components, component {@code k·r + j}
 * being row j of {@code A_k} with column j of {@code B_k}. DOG moves, rescales and mixes components through these.
 */
public final class ComponentLayout {

    private ComponentLayout() {}

    /**
     * Returns a tensor laid out like {@code A} as one row per component.
     *
     * @param a {@code [K, r, in]} (the parameter, its gradient or a moment)
     * @return {@code [K·r, in]}
     */
    public static NDArray rowsOfA(NDArray a) {
        Shape s = a.getShape();
        return a.reshape(s.get(0) * s.get(1), s.get(2));
    }

    /**
     * Returns a tensor laid out like {@code B} as one row per component (B's columns).
     *
     * @param b {@code [K, out, r]}
     * @return {@code [K·r, out]}
     */
    public static NDArray rowsOfB(NDArray b) {
        Shape s = b.getShape();
        return b.transpose(0, 2, 1).reshape(s.get(0) * s.get(2), s.get(1));
    }

    /**
     * Writes component rows back into a tensor laid out like {@code A}, in place.
     *
     * @param target {@code [K, r, in]}
     * @param rows {@code [K·r, in]}
     */
    public static void setRowsOfA(NDArray target, NDArray rows) {
        target.set(new NDIndex("..."), rows.reshape(target.getShape()));
    }

    /**
     * Writes component rows back into a tensor laid out like {@code B}, in place.
     *
     * @param target {@code [K, out, r]}
     * @param rows {@code [K·r, out]}
     */
    public static void setRowsOfB(NDArray target, NDArray rows) {
        Shape s = target.getShape();
        target.set(new NDIndex("..."), rows.reshape(s.get(0), s.get(2), s.get(1)).transpose(0, 2, 1));
    }

    /**
     * Reorders the components of any tensor laid out like {@code A} (the parameter, its gradient or its optimizer
     * moments).
     *
     * @param a {@code [K, r, in]}
     * @param index int64 {@code [K·r]}: slot j receives component {@code index[j]}
     * @return the reordered {@code [K, r, in]}, a new array
     */
    public static NDArray permutedA(NDArray a, NDArray index) {
        Shape s = a.getShape();
        return a.reshape(s.get(0) * s.get(1), s.get(2)).get(new NDIndex("{}", index)).reshape(s);
    }

    /**
     * Reorders the components of any tensor laid out like {@code B}.
     *
     * @param b {@code [K, out, r]}
     * @param index int64 {@code [K·r]}: slot j receives component {@code index[j]}
     * @return the reordered {@code [K, out, r]}, a new array
     */
    public static NDArray permutedB(NDArray b, NDArray index) {
        Shape s = b.getShape();
        return b.transpose(0, 2, 1).reshape(s.get(0) * s.get(2), s.get(1)).get(new NDIndex("{}", index))
                .reshape(s.get(0), s.get(2), s.get(1)).transpose(0, 2, 1);
    }

}
