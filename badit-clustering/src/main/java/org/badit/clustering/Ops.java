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

    /**
     * Member signs ±1 {@code [G, N]} that orient each item toward its cluster's sign-invariant direction, for
     * one-hot memberships {@code m [G, N, K]} of unit vectors {@code xn [G, N, D]}. A plain mean is useless here
     * (two members +v and two −v cancel), so each cluster starts from its first member and takes two sign passes.
     */
    static NDArray memberSigns(NDArray xn, NDArray m) {
        ai.djl.ndarray.types.DataType type = xn.getDataType();
        NDArray first = m.argMax(-2); // [G, K]: first member of each cluster (0 for an empty one)
        NDArray ref = SphericalKMeans.rows(xn, first); // [G, K, D]
        NDArray sign = null;
        for (int pass = 0; pass < 3; pass++) {
            NDArray dots = xn.matMul(ref.swapAxes(-1, -2)).mul(m).sum(new int[] {-1}); // [..., N]
            sign = dots.gte(0).toType(type, false).mul(2).sub(1);
            ref = m.mul(sign.expandDims(-1)).swapAxes(-1, -2).matMul(xn);
        }
        return sign;
    }

    private static NDArray expand(NDArray x, Shape target) {
        return x.getShape().equals(target) ? x : x.broadcast(target);
    }
}
