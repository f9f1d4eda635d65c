package org.badit.lora.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Scalars for arithmetic on the autograd path.
 *
 * <p>Why this exists: DJL's PyTorch {@code x.mul(2f)} (and {@code div}, {@code pow}, {@code maximum} with a number)
 * wraps the number in a temporary tensor over a Java direct buffer, runs the op, and closes the temporary at once. When
 * the op is recorded for backward, PyTorch keeps that scalar tensor for the gradient (d(x·c)/dx = c) while its memory
 * belongs to the Java buffer, which the garbage collector may free before backward runs: gradients then read freed
 * memory, and training hits NaN at random steps (seen on the demo's pre-training; reproduced reliably with a small
 * heap). A scalar from {@link #of} is allocated by libtorch and lives as long as its manager (the step's scope), so
 * backward always finds it.
 */
public final class Scalars {

    private Scalars() {}

    /**
     * A 0-d array of the value, of the type, device and manager of {@code like}, in storage the engine owns.
     *
     * @param like the array the scalar will be combined with
     * @param value the value
     * @return the scalar
     */
    public static NDArray of(NDArray like, double value) {
        return like.getManager().full(new Shape(), (float) value, like.getDataType(), like.getDevice());
    }

    /**
     * {@code x · value}, safe under autograd.
     *
     * @param x the array
     * @param value the factor
     * @return the product
     */
    public static NDArray mul(NDArray x, double value) {
        return x.mul(of(x, value));
    }

    /**
     * {@code x / value}, safe under autograd.
     *
     * @param x the array
     * @param value the divisor
     * @return the quotient
     */
    public static NDArray div(NDArray x, double value) {
        return x.div(of(x, value));
    }
}
