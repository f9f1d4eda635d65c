package org.badit.clustering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.badit.lora.linalg.Linalg;

/**
 * The paper's grouping step after k-means: alternate, at most {@code maxIterations} times or until the partition
 * is stable, (1) centroid matrix {@code C = Σ_i π_ik ĝ_i} ({@code [G, K, D]}), (2) its nearest matrix with
 * orthonormal rows {@code Q = U_c·V_cᵀ} from C's SVD (one batched {@link Linalg#svd} call for all G problems), and
 * (3) the exact balanced assignment of the items on the scores {@code ⟨ĝ_i, q_k⟩}. The output is therefore always a
 * balanced partition (a permutation of the N = K·c items into K slots of c), whatever the initial one.
 *
 * <p>Stopping when labels are unchanged is per batch, but a problem whose labels did not change is at a fixed point
 * of the map, so a batched run equals G separate runs.
 */
public final class OrthogonalRefinement {

    private final int clusters;
    private final int maxIterations;
    private final boolean signInvariant;
    private final BalancedAssignment assignment;

    private OrthogonalRefinement(Builder b) {
        this.clusters = b.clusters;
        this.maxIterations = b.maxIterations;
        this.signInvariant = b.signInvariant;
        this.assignment = BalancedAssignment.builder().setClusters(b.clusters).optBackend(b.backend).build();
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@link Builder#setClusters(int)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Refines an initial partition into a balanced one aligned with orthonormal directions.
     *
     * @param x {@code [G, N, D]} vectors (normalized internally)
     * @param initial {@code [G, N]} labels in [0, K), e.g. from {@link SphericalKMeans}; need not be balanced
     * @return the balanced result
     */
    public RefinementResult refine(NDArray x, NDArray initial) {
        InputChecks.checkVectors(x);
        Shape shape = x.getShape();
        long g = shape.get(0);
        long n = shape.get(1);
        Partitions.checkBalanced((int) n, clusters);
        if (clusters > shape.get(2)) {
            throw new IllegalArgumentException("K = " + clusters + " orthonormal directions need D >= K, got D = "
                    + shape.get(2));
        }
        if (!initial.getShape().equals(new Shape(g, n))) {
            throw new IllegalArgumentException("initial labels must have shape " + new Shape(g, n) + ", got "
                    + initial.getShape());
        }
        NDManager parent = x.getManager();
        try (NDManager sub = parent.newSubManager()) {
            x.tempAttach(sub);
            initial.tempAttach(sub);
            NDArray xn = x.normalize(2, -1);
            DataType type = xn.getDataType();
            NDArray arangeK = sub.arange((long) clusters);
            NDArray labels = initial.toType(DataType.INT64, false);
            NDArray sign = null;
            NDArray q = null;
            NDArray scores = null;
            int it = 0;
            while (it < maxIterations) {
                it++;
                NDArray m = labels.expandDims(-1).eq(arangeK).toType(type, false); // [G, N, K]
                NDArray w = m;
                if (signInvariant) {
                    if (sign == null) {
                        sign = Ops.memberSigns(xn, m);
                    }
                    w = m.mul(sign.expandDims(-1));
                }
                NDArray c = w.swapAxes(-1, -2).matMul(xn); // [G, K, D]
                NDList usv = Linalg.svd(c);
                q = usv.get(0).matMul(usv.get(2)); // [G, K, D], orthonormal rows
                NDArray s = xn.matMul(q.swapAxes(-1, -2)); // [G, N, K]
                scores = signInvariant ? s.abs() : s;
                NDArray next = assignment.assign(scores);
                if (signInvariant) {
                    NDArray mNext = next.expandDims(-1).eq(arangeK).toType(type, false);
                    sign = s.mul(mNext).sum(new int[] {-1}).gte(0).toType(type, false).mul(2).sub(1);
                }
                boolean stable = next.eq(labels).all().getBoolean();
                labels = next;
                if (stable) {
                    break;
                }
            }
            NDArray m = labels.expandDims(-1).eq(arangeK).toType(type, false);
            NDArray objective = scores.mul(m).sum(new int[] {1, 2});
            NDList out = new NDList(labels, q, objective);
            out.attach(parent);
            return new RefinementResult(out.get(0), out.get(1), out.get(2), it);
        }
    }

    /** Builder in DJL style. */
    public static final class Builder {
        private int clusters = -1;
        private int maxIterations = 10;
        private boolean signInvariant;
        private BalancedAssignment.Backend backend = BalancedAssignment.Backend.HOST;

        private Builder() {}

        /**
         * Sets the number of clusters K (required); N must be divisible by K and D ≥ K.
         *
         * @param k clusters
         * @return this
         */
        public Builder setClusters(int k) {
            this.clusters = k;
            return this;
        }

        /**
         * Sets the maximum number of alternations. Default 10 (as the paper).
         *
         * @param n ≥ 1
         * @return this
         */
        public Builder optMaxIterations(int n) {
            this.maxIterations = n;
            return this;
        }

        /**
         * Scores with |⟨ĝ_i, q_k⟩| and orients members by sign, since (a, b) and (−a, −b) are one component.
         *
         * @param on whether to ignore signs
         * @return this
         */
        public Builder optSignInvariant(boolean on) {
            this.signInvariant = on;
            return this;
        }

        /**
         * Selects the balanced-assignment backend. Default {@link BalancedAssignment.Backend#HOST} (exact).
         *
         * @param b backend
         * @return this
         */
        public Builder optBackend(BalancedAssignment.Backend b) {
            this.backend = b;
            return this;
        }

        /**
         * Builds the strategy.
         *
         * @return the refinement
         */
        public OrthogonalRefinement build() {
            if (clusters < 1 || maxIterations < 1) {
                throw new IllegalArgumentException("setClusters(K >= 1) is required and maxIterations >= 1");
            }
            return new OrthogonalRefinement(this);
        }
    }
}
