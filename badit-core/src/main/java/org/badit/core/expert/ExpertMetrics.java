package org.badit.core.expert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.lora.linalg.Linalg;

/**
 * Measures of interference between experts (the paper's Fig. 4 and its orthogonality claim), computed on the device
 * batched over every layer of a shape, with one host transfer per measurement.
 */
public final class ExpertMetrics {

    private ExpertMetrics() {}

    /**
     * Mean gradient angles of one layer's components within one expert and across experts.
     *
     * @param componentGradients {@code [N, D]}, N = K·r, component i in expert i / r
     * @param rank r
     * @return {@code {intra, inter}} in degrees
     */
    public static double[] gradientAngles(NDArray componentGradients, int rank) {
        try (NDManager scope = componentGradients.getManager().newSubManager()) {
            scope.tempAttachAll(componentGradients);
            float[] s = angleSums(componentGradients.expandDims(0), rank).toFloatArray();
            return new double[] {s[0] / s[1], s[2] / s[3]};
        }
    }

    /**
     * The largest cosine between two different experts' subspaces of one layer (column spaces of the B_k, row spaces
     * of the A_k): the largest singular value of {@code Q_iᵀ·Q_j}, i ≠ j. 0: mutually orthogonal; 1: a shared
     * direction.
     *
     * @param layer the layer
     * @return the largest principal-angle cosine
     */
    public static double maxExpertCosine(BaditLinear layer) {
        return measure(List.of(layer), null)[2];
    }

    /**
     * Measures a set of expert layers at once.
     *
     * @param layers the layers
     * @param dog when not null, the gradient directions are DOG's EMAs; otherwise the current gradients
     * @return {@code {intra angle, inter angle, max expert cosine}}; angles NaN when no gradients exist
     */
    public static double[] measure(Collection<BaditLinear> layers, Dog dog) {
        if (layers.isEmpty()) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        Map<String, List<BaditLinear>> groups = new LinkedHashMap<>();
        for (BaditLinear l : layers) {
            groups.computeIfAbsent(l.experts() + "x" + l.rank() + ":" + l.inFeatures() + ">" + l.outFeatures(),
                    k -> new ArrayList<>()).add(l);
        }
        NDManager manager = layers.iterator().next().manager();
        try (NDManager scope = manager.newSubManager()) {
            NDList angleParts = new NDList();
            NDList cosParts = new NDList();
            List<NDArray> dogEmas = dog == null ? List.of() : dog.emaState();
            int groupIndex = 0;
            for (List<BaditLinear> group : groups.values()) {
                int rank = group.get(0).rank();
                NDArray grads = dog != null && groupIndex < dogEmas.size() ? dogEmas.get(groupIndex) : stack(group);
                if (grads != null) {
                    scope.tempAttachAll(grads);
                    angleParts.add(angleSums(grads, rank));
                }
                NDList bs = new NDList();
                NDList as = new NDList();
                for (BaditLinear l : group) {
                    bs.add(l.expertsB().getArray());
                    as.add(l.expertsA().getArray().transpose(0, 2, 1));
                }
                scope.tempAttachAll(bs);
                cosParts.add(maxCrossCosine(NDArrays.stack(bs)));
                cosParts.add(maxCrossCosine(NDArrays.stack(as)));
                groupIndex++;
            }
            float maxCos = NDArrays.stack(cosParts).max().getFloat();
            if (angleParts.isEmpty()) {
                return new double[] {Double.NaN, Double.NaN, maxCos};
            }
            float[] s = NDArrays.stack(angleParts).sum(new int[] {0}).toFloatArray();
            return new double[] {s[0] / s[1], s[2] / s[3], maxCos};
        }
    }

    private static NDArray stack(List<BaditLinear> group) {
        NDList grads = new NDList();
        for (BaditLinear l : group) {
            NDArray g = l.componentGradients();
            if (g == null) {
                return null;
            }
            grads.add(g);
        }
        return NDArrays.stack(grads);
    }

    /**
     * {@code [G, N, D]} → {@code [intra sum, intra count, inter sum, inter count]} of angles in degrees, sign-invariant
     * (a component and its negation are one direction, as for the clustering: angle = acos|cos|, in [0°, 90°]). Intra:
     * between two components of one expert. Inter: between two experts' centroids (as the paper's Fig. 4), a centroid
     * being the principal direction of the expert's unit gradients (top eigenvector of their r × r Gram matrix), which
     * is what sign-invariant spherical k-means fits.
     */
    private static NDArray angleSums(NDArray grads, int rank) {
        NDManager m = grads.getManager();
        long g = grads.getShape().get(0);
        long n = grads.getShape().get(1);
        long d = grads.getShape().get(2);
        long k = n / rank;
        NDArray unit = grads.div(grads.norm(new int[] {2}, true).maximum(1e-20f));
        NDArray byExpert = unit.reshape(g, k, rank, d); // [G, K, r, D]
        NDArray gram = byExpert.matMul(byExpert.transpose(0, 1, 3, 2)); // [G, K, r, r]
        NDArray intraAngles = degrees(gram.abs());
        NDArray offDiagonal = m.eye(rank).eq(0f).toType(DataType.FLOAT32, false).toDevice(grads.getDevice(), false);
        NDArray top = Linalg.eigh(gram).get(1).get("..., " + (rank - 1)); // [G, K, r], ascending eigenvalues
        NDArray centroids = top.expandDims(-1).mul(byExpert).sum(new int[] {2}); // [G, K, D]
        centroids = centroids.div(centroids.norm(new int[] {2}, true).maximum(1e-20f));
        NDArray interAngles = degrees(centroids.matMul(centroids.transpose(0, 2, 1)).abs()); // [G, K, K]
        NDArray otherExpert = m.eye((int) k).eq(0f).toType(DataType.FLOAT32, false).toDevice(grads.getDevice(), false);
        NDArray intraCount = offDiagonal.sum().mul(g * k);
        NDArray interCount = otherExpert.sum().mul(g);
        return NDArrays.stack(new NDList(intraAngles.mul(offDiagonal).sum(), intraCount,
                interAngles.mul(otherExpert).sum(), interCount));
    }

    private static NDArray degrees(NDArray absCosine) {
        return absCosine.clip(0f, 1f).acos().mul((float) (180 / Math.PI));
    }

    /** {@code [G, K, d, r]} experts → the largest cosine between two different experts' spans, a 0-d array. */
    private static NDArray maxCrossCosine(NDArray stacked) {
        long k = stacked.getShape().get(1);
        if (k < 2) {
            return stacked.getManager().zeros(new ai.djl.ndarray.types.Shape());
        }
        NDArray q = Linalg.qr(stacked).get(0); // [G, K, d, r] orthonormal columns
        NDArray cross = q.transpose(0, 1, 3, 2).expandDims(2).matMul(q.expandDims(1)); // [G, K, K, r, r]
        NDArray sv = Linalg.svdvals(cross); // [G, K, K, r]
        NDArray off = stacked.getManager().eye((int) k).eq(0f).toType(sv.getDataType(), false).expandDims(0)
                .expandDims(-1);
        return sv.mul(off).max();
    }
}
