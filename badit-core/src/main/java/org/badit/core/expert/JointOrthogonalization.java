package org.badit.core.expert;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.badit.clustering.Hungarian;
import org.badit.lora.linalg.Linalg;

/**
 * Re-orthogonalises a layer's K·r rank-1 components without changing what they add up to: a joint re-SVD of the
 * weighted update {@code M = Σ_i c_i·b_i·a_iᵀ} (c_i the static α of component i's expert, or 1).
 *
 * <p>Why: training moves the components, and nothing in the literal DOG keeps two experts' subspaces apart (measured:
 * the largest cosine between two experts' column spaces rises from 0.01 to 0.68 in the demo). After this step the
 * components are M's singular directions, mutually orthogonal in both A and B, so any partition of them into experts
 * gives experts with orthogonal subspaces; DOG's clustering then decides only the partition.
 *
 * <pre>
 *   B_allᵀ rows = Q_B·R_B (QR),  A rows ᵀ = Q_A·R_A (QR)      [N = K·r; rows are components]
 *   core = R_B·diag(c)·R_Aᵀ = U·Σ·Vᵀ                           [N, N] — small
 *   b'_j = Q_B·U_j·sqrt(σ_j) / sqrt|c_j|,   a'_j = Q_A·V_j·sqrt(σ_j) / (sign(c_j)·sqrt|c_j|)
 *   ⇒ Σ_j c_j·b'_j·a'_jᵀ = Q_B·core·Q_Aᵀ = M  (exactly, up to round-off)
 * </pre>
 *
 * <p>The new components are put in the slots of the old components they are closest to (an exact assignment on
 * {@code |cos(a', a)|·|cos(b', b)|}), dividing by the c of the slot they land in: a re-SVD must not reshuffle expert
 * membership by singular-value order, which under an input router would change the function for nothing. Components
 * that are already orthogonal therefore stay where they are.
 *
 * <p>The new parameters are a linear function of the old ones ({@code A' = S·A}, {@code B'ᵀ = T·Bᵀ} in component-row
 * layout), so gradients transform exactly: {@code ∂L/∂A' = M_A·∂L/∂A} with {@code M_A = D_A·Σ^{-1/2}·Vᵀ·R_A} and
 * {@code ∂L/∂B'ᵀ = M_B·∂L/∂Bᵀ} with {@code M_B = D_B·Σ^{-1/2}·Uᵀ·R_B} (D_A = diag(sign(c)·sqrt|c|), D_B =
 * diag(sqrt|c|)). DOG applies these maps to its gradient EMA and to AdamW's first moments; second moments have no
 * exact image under a non-diagonal map, so they take the element-wise squared map ({@code v' = M^{∘2}·v}, exact for the
 * permutations and scalings a near-converged layer produces, and never negative).
 *
 * <p>Layers whose update is zero — e.g. random experts with B = 0 — or with a zero α are left unchanged. A component
 * whose singular value is tiny is still re-orthogonalised (the update stays exact), but its gradient maps use
 * σ floored at {@value #MAP_FLOOR}·σ_max, so a vanishing component cannot blow up its EMA and moments. (An earlier
 * version skipped the whole layer instead; measured, that let one nearly vanished component's direction drift and
 * the experts' largest cosine return to 0.73 in the last fifth of the regroup phase.)
 */
final class JointOrthogonalization {

    /** Smallest |c| for which a layer is re-orthogonalised. */
    static final float MIN_CONDITION = 1e-5f;

    /** Floor of σ / σ_max in the gradient maps (not in the components themselves). */
    static final float MAP_FLOOR = 1e-4f;

    private JointOrthogonalization() {}

    /**
     * The re-orthogonalised components and the maps that carry gradient-like tensors along.
     *
     * @param aRows {@code [G, N, in]} new A rows
     * @param bRows {@code [G, N, out]} new B columns as rows
     * @param mapA {@code [G, N, N]}: a gradient of A (rows) becomes {@code mapA·g}
     * @param mapB {@code [G, N, N]}: a gradient of B (columns as rows) becomes {@code mapB·g}
     */
    record Result(NDArray aRows, NDArray bRows, NDArray mapA, NDArray mapB) {}

    /**
     * Re-orthogonalises every layer of a group (see {@link #of(NDArray, NDArray, NDArray, NDArray)}).
     *
     * @param aRows {@code [G, N, in]}
     * @param bRows {@code [G, N, out]}
     * @param weights {@code [G, N]}
     * @return the new components and the maps
     */
    static Result of(NDArray aRows, NDArray bRows, NDArray weights) {
        return of(aRows, bRows, weights, null);
    }

    /**
     * Re-orthogonalises a group of layers of one shape at once.
     *
     * @param aRows {@code [G, N, in]} each layer's A rows (component i = row i)
     * @param bRows {@code [G, N, out]} each layer's B columns as rows
     * @param weights {@code [G, N]} c_i, the multiplier of component i in the layer (static α of its slot, or 1)
     * @param allowed {@code [G, 1]} boolean: layers that may be re-orthogonalised (the others keep their components
     *     and get identity maps), or null for all
     * @return the new rows and the gradient maps, in the inputs' manager; layers left unchanged get identity maps
     */
    static Result of(NDArray aRows, NDArray bRows, NDArray weights, NDArray allowed) {
        NDManager manager = aRows.getManager();
        long g = aRows.getShape().get(0);
        long n = aRows.getShape().get(1);
        NDList qrB = Linalg.qr(bRows.transpose(0, 2, 1)); // Q_B [G, out, N], R_B [G, N, N]
        NDList qrA = Linalg.qr(aRows.transpose(0, 2, 1)); // Q_A [G, in, N], R_A [G, N, N]
        NDArray rB = qrB.get(1);
        NDArray rA = qrA.get(1);
        NDArray core = rB.mul(weights.expandDims(1)).matMul(rA.transpose(0, 2, 1)); // R_B·diag(c)·R_Aᵀ
        NDList usv = Linalg.svd(core);
        NDArray uT = usv.get(0).transpose(0, 2, 1); // [G, N, N]
        NDArray sigma = usv.get(1); // [G, N] descending
        NDArray vT = usv.get(2); // [G, N, N]

        NDArray absC = weights.abs();
        NDArray sigmaMax = sigma.max(new int[] {1}, true);
        NDArray ok = sigmaMax.gt(0f).logicalAnd(absC.min(new int[] {1}, true).gt(MIN_CONDITION)); // [G, 1]
        if (allowed != null) {
            ok = ok.logicalAnd(allowed);
        }
        // Guard the divisions of unchanged layers; their results are discarded by the where() below. (DJL's where
        // does not broadcast, hence the explicit broadcasts.)
        NDArray safeSigma = NDArrays.where(ok.broadcast(sigma.getShape()), sigma, sigma.onesLike());
        NDArray rootS = safeSigma.sqrt().expandDims(-1); // [G, N, 1]
        NDArray rootSMap = safeSigma.maximum(NDArrays.where(ok, sigmaMax, sigmaMax.onesLike()).mul(MAP_FLOOR)).sqrt()
                .expandDims(-1); // [G, N, 1], floored for the maps only

        // Weight-1 components in singular-value order, and the maps onto their gradients.
        NDArray unitB = uT.matMul(qrB.get(0).transpose(0, 2, 1)).mul(rootS); // [G, N, out]
        NDArray unitA = vT.matMul(qrA.get(0).transpose(0, 2, 1)).mul(rootS); // [G, N, in]
        NDArray unitMapB = uT.matMul(rB).div(rootSMap); // Σ^{-1/2}·Uᵀ·R_B
        NDArray unitMapA = vT.matMul(rA).div(rootSMap); // Σ^{-1/2}·Vᵀ·R_A

        // Put each new component in the slot of the old component it is closest to, so the re-SVD does not reshuffle
        // expert membership (which would change the function under an input router): an exact assignment on
        // |cos(a_new, a_old)|·|cos(b_new, b_old)|, one host transfer per group.
        NDArray similarity = cosines(unitA, aRows).mul(cosines(unitB, bRows)); // [G, new N, old N]
        float[] host = similarity.toFloatArray();
        long[][] order = new long[(int) g][(int) n];
        for (int layer = 0; layer < g; layer++) {
            double[][] cost = new double[(int) n][(int) n];
            for (int slot = 0; slot < n; slot++) {
                for (int j = 0; j < n; j++) {
                    cost[slot][j] = -host[(int) ((layer * n + j) * n + slot)];
                }
            }
            int[] pick = Hungarian.solve(cost); // slot ← new component
            for (int slot = 0; slot < n; slot++) {
                order[layer][slot] = pick[slot];
            }
        }
        NDArray index = manager.create(order).toDevice(aRows.getDevice(), false); // [G, N]

        NDArray safeC = NDArrays.where(ok.broadcast(absC.getShape()), absC, absC.onesLike());
        NDArray rootC = safeC.sqrt().expandDims(-1); // [G, N, 1], the slot's |c|
        NDArray signRows = NDArrays.where(weights.lt(0f), weights.onesLike().neg(), weights.onesLike()).expandDims(-1);
        NDArray newA = gatherRows(unitA, index).div(rootC.mul(signRows));
        NDArray newB = gatherRows(unitB, index).div(rootC);
        NDArray mapA = gatherRows(unitMapA, index).mul(rootC.mul(signRows)); // D_A·Σ^{-1/2}·Vᵀ·R_A
        NDArray mapB = gatherRows(unitMapB, index).mul(rootC); // D_B·Σ^{-1/2}·Uᵀ·R_B

        NDArray okRows = ok.expandDims(-1); // [G, 1, 1]
        NDArray eye = manager.eye((int) n, (int) n, 0, aRows.getDataType()).expandDims(0).broadcast(mapA.getShape());
        NDArray okMap = okRows.broadcast(mapA.getShape());
        return new Result(NDArrays.where(okRows.broadcast(aRows.getShape()), newA, aRows),
                NDArrays.where(okRows.broadcast(bRows.getShape()), newB, bRows), NDArrays.where(okMap, mapA, eye),
                NDArrays.where(okMap, mapB, eye));
    }

    /** {@code |cos|} between every row of x and every row of y: {@code [G, Nx, Ny]}. */
    private static NDArray cosines(NDArray x, NDArray y) {
        NDArray xn = x.div(x.norm(new int[] {2}, true).maximum(1e-20f));
        NDArray yn = y.div(y.norm(new int[] {2}, true).maximum(1e-20f));
        return xn.matMul(yn.transpose(0, 2, 1)).abs();
    }

    /** {@code out[g, s] = x[g, index[g, s]]} for {@code [G, N, D]} rows. */
    private static NDArray gatherRows(NDArray x, NDArray index) {
        return x.gather(index.expandDims(-1).broadcast(x.getShape()).toType(DataType.INT64, false), 1);
    }
}
