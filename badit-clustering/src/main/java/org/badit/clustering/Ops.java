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

    /**
     * Rows of {@code x [G, N, D]} picked per problem: {@code out[g, ..., :] = x[g, idx[g, ...], :]} for int64
     * {@code idx [G, ...]} in [0, N). A row gather: the same values a one-hot matmul gives (1·x plus exact zeros),
     * without its N·D products per picked row, which dominated k-means on DOG's long gradient vectors.
     */
    static NDArray rows(NDArray x, NDArray idx) {
        Shape xs = x.getShape();
        long g = xs.get(0);
        long n = xs.get(1);
        Shape is = idx.getShape();
        long[] offsetShape = new long[is.dimension()];
        java.util.Arrays.fill(offsetShape, 1);
        offsetShape[0] = g;
        NDArray offset = x.getManager().arange(0, (int) (g * n), (int) n)
                .toType(ai.djl.ndarray.types.DataType.INT64, false).reshape(new Shape(offsetShape));
        NDArray flat = idx.toType(ai.djl.ndarray.types.DataType.INT64, false).add(offset).reshape(-1);
        return x.reshape(g * n, xs.get(2)).get(new ai.djl.ndarray.index.NDIndex("{}", flat))
                .reshape(is.addAll(new Shape(xs.get(2))));
    }

    private static NDArray expand(NDArray x, Shape target) {
        return x.getShape().equals(target) ? x : x.broadcast(target);
    }
}
