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
     * Member signs ±1 {@code [..., N]} that orient each item toward its cluster's sign-invariant direction, for
     * one-hot memberships {@code m [..., N, K]} of unit vectors {@code xn [..., N, D]}. A plain mean is useless here
     * (two members +v and two −v cancel), so each cluster starts from its first member and takes two sign passes.
     */
    static NDArray memberSigns(NDArray xn, NDArray m) {
        ai.djl.ndarray.types.DataType type = xn.getDataType();
        long n = xn.getShape().get(xn.getShape().dimension() - 2);
        NDArray first = m.argMax(-2); // [..., K]: first member of each cluster (0 for an empty one)
        NDArray pick = first.expandDims(-1).eq(xn.getManager().arange(n)).toType(type, false); // [..., K, N]
        NDArray ref = pick.matMul(xn); // [..., K, D]
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
