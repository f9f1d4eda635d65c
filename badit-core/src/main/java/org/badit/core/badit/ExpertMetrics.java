package org.badit.core.badit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.badit.linalg.Linalg;

/**
 * Measures of interference between BADIT's experts (the paper's Fig. 4 and its orthogonality claim), computed on the
 * device, batched over experts, with one host transfer per measure.
 */
public final class ExpertMetrics {

    private ExpertMetrics() {}

    /**
     * Mean angles between component gradients within one expert and across experts.
     *
     * @param componentGradients {@code [N, D]} with N = K·r (component i belongs to expert i / r)
     * @param rank r
     * @return {@code {intra, inter}} mean angles in degrees; a well-grouped layer has intra well below inter
     */
    public static double[] gradientAngles(NDArray componentGradients, int rank) {
        long n = componentGradients.getShape().get(0);
        try (NDManager scope = componentGradients.getManager().newSubManager()) {
            scope.tempAttachAll(componentGradients);
            NDArray unit = componentGradients.div(componentGradients.norm(new int[] {1}, true).maximum(1e-20f));
            NDArray angles = unit.matMul(unit.transpose()).clip(-1f, 1f).acos().muli((float) (180 / Math.PI));
            long[] expert = new long[(int) n];
            for (int i = 0; i < n; i++) {
                expert[i] = i / rank;
            }
            NDArray e = scope.create(expert);
            NDArray same = e.expandDims(1).eq(e.expandDims(0)); // [N, N]
            NDArray offDiagonal = scope.eye((int) n).eq(0f);
            NDArray intraMask = same.logicalAnd(offDiagonal).toType(DataType.FLOAT32, false);
            NDArray interMask = same.logicalNot().toType(DataType.FLOAT32, false);
            NDArray sums = ai.djl.ndarray.NDArrays.stack(new ai.djl.ndarray.NDList(
                    angles.mul(intraMask).sum(), intraMask.sum(), angles.mul(interMask).sum(), interMask.sum()));
            float[] s = sums.toFloatArray();
            return new double[] {s[1] > 0 ? s[0] / s[1] : Double.NaN, s[3] > 0 ? s[2] / s[3] : Double.NaN};
        }
    }

    /**
     * The largest cosine between the subspaces of two different experts: over the column spaces of the B_k and the
     * row spaces of the A_k, the largest singular value of {@code Q_iᵀ·Q_j} (Q_k an orthonormal basis), i ≠ j. Zero
     * means mutually orthogonal experts, 1 means two experts share a direction.
     *
     * @param layer the layer
     * @return the largest principal-angle cosine between any two experts
     */
    public static double maxExpertCosine(BaditLinear layer) {
        int k = layer.experts();
        if (k < 2) {
            return 0;
        }
        try (NDManager scope = layer.manager().newSubManager()) {
            NDArray b = layer.expertsB().getArray();
            NDArray a = layer.expertsA().getArray();
            scope.tempAttachAll(a, b);
            double bCos = maxCrossCosine(Linalg.qr(b).get(0), k); // Q [K, out, r]
            double aCos = maxCrossCosine(Linalg.qr(a.transpose(0, 2, 1)).get(0), k); // Q [K, in, r]
            return Math.max(aCos, bCos);
        }
    }

    private static double maxCrossCosine(NDArray q, int k) {
        Shape s = q.getShape();
        // All pairs at once: [K, 1, d, r]ᵀ·[1, K, d, r] -> [K, K, r, r]
        NDArray qi = q.transpose(0, 2, 1).expandDims(1).broadcast(k, k, s.get(2), s.get(1));
        NDArray qj = q.expandDims(0).broadcast(k, k, s.get(1), s.get(2));
        NDArray sv = Linalg.svdvals(qi.matMul(qj)); // [K, K, r]
        NDArray offDiagonal = q.getManager().eye(k).eq(0f).expandDims(-1);
        return sv.mul(offDiagonal.toType(sv.getDataType(), false)).max().getFloat();
    }

    /**
     * Gradient angles over a group of layers at once.
     *
     * @param ema {@code [G, N, D]}
     * @param rank r
     * @return {@code {intra, inter}} mean angles in degrees, averaged over layers
     */
    public static double[] gradientAngles3d(NDArray ema, int rank) {
        long g = ema.getShape().get(0);
        double intra = 0;
        double inter = 0;
        for (int i = 0; i < g; i++) {
            double[] v = gradientAngles(ema.get(new NDIndex("{}", i)), rank);
            intra += v[0];
            inter += v[1];
        }
        return new double[] {intra / g, inter / g};
    }
}
