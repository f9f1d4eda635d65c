package org.badit.clustering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;

/** Small tensor helpers DJL's API lacks. */
final class Ops {

    private Ops() {}

    /** {@code torch.where} with broadcasting (DJL's PyTorch {@code where} refuses to broadcast). */
    static NDArray where(NDArray condition, NDArray a, NDArray b) {
        Shape target = a.getShape().size() >= b.getShape().size() ? a.getShape() : b.getShape();
        if (condition.getShape().size() > target.size()) {
            target = condition.getShape();
        }
        return NDArrays.where(expand(condition, target), expand(a, target), expand(b, target));
    }

    private static NDArray expand(NDArray x, Shape target) {
        return x.getShape().equals(target) ? x : x.broadcast(target);
    }
}
