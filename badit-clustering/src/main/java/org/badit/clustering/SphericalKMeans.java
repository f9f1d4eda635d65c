package org.badit.clustering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Spherical k-means (cosine similarity) on the device, batched over G independent problems.
 *
 * <p>Everything runs as tensor ops with leading dims {@code [G, R]} (problems × restarts), so all restarts of all
 * problems advance together; the input {@code [G, N, D]} is never copied per restart (restarts are folded into the
 * cluster axis of each batched matmul).
 * The only host round trips are the input check (one [G, N] transfer of norms) and a convergence flag read every
 * {@link Builder#optCheckEvery(int) checkEvery} iterations. A problem that converged is frozen (its centroids stop
 * updating) so that a batched run gives each problem the same trajectory as a run on that problem alone.
 *
 * <p>Seeding: k-means++ on the sphere (distance {@code 1 − cos}, or {@code 1 − |cos|}), drawn with uniforms from
 * {@link SeedDraws} (host, seeded) so a seed fixes the partition. Empty clusters are re-seeded with the items least
 * similar to their own centroid. Sign-invariant mode treats v and −v as the same direction: a rank-1 component
 * (a, b) equals (−a, −b), so the sign of a gradient direction carries no grouping information.
 *
 * <pre>{@code
 * SphericalKMeans km = SphericalKMeans.builder().setClusters(4).optRestarts(3).optSignInvariant(true)
 *         .optSeed(7).build();
 * KMeansResult r = km.fit(x);            // x: [G, N, D]
 * }</pre>
 */
public final class SphericalKMeans {

    private final KMeansSettings settings;

    private SphericalKMeans(Builder b) {
        this.settings = b.settings();
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
     * Clusters every problem from k-means++ seeds.
     *
     * @param x {@code [G, N, D]} vectors (normalized internally; no NaN, Inf or zero vectors)
     * @return the best restart per problem
     */
    public KMeansResult fit(NDArray x) {
        return fit(x, null);
    }

    /**
     * Clusters every problem, adding a warm start from a previous partition as one more candidate (the best of
     * it and the k-means++ restarts is kept, so a warm start never makes the result worse in objective).
     *
     * @param x {@code [G, N, D]} vectors
     * @param warmStart {@code [G, N]} int labels in [0, K), or null
     * @return the best candidate per problem
     */
    public KMeansResult fit(NDArray x, NDArray warmStart) {
        InputChecks.checkVectors(x);
        Shape shape = x.getShape();
        long n = shape.get(1);
        InputChecks.checkClusters(settings.clusters(), n);
        if (warmStart != null && !warmStart.getShape().equals(new Shape(shape.get(0), n))) {
            throw new IllegalArgumentException("warm start must have shape [G, N] = " + new Shape(shape.get(0), n)
                    + ", got " + warmStart.getShape());
        }
        NDManager parent = x.getManager();
        try (NDManager sub = parent.newSubManager()) {
            x.tempAttach(sub);
            if (warmStart != null) {
                warmStart.tempAttach(sub);
            }
            NDArray xn = x.normalize(2, -1); // [G, N, D]
            NDArray c = seeds(sub, xn); // [G, R, K, D]
            if (warmStart != null) {
                c = c.concat(warmCentroids(xn, warmStart.toType(DataType.INT64, false)), 1);
            }
            NDList out = iterate(sub, xn, c);
            NDList result = best(out);
            int iterations = (int) out.get(3).getLong();
            result.attach(parent);
            return new KMeansResult(result.get(0), result.get(1), result.get(2), iterations);
        }
    }

    /*
     * Layout: leading dims are [G, R] (problems, restarts). The two heavy products never broadcast xn over R
     * (torch.matmul would materialize an R-fold copy of the [G, N, D] input); restarts are folded into the
     * cluster axis instead: [G, R, M, D] -> [G, R*M, D], one batched matmul over G.
     */

    /** Similarities {@code [G, R, N, M]} of every item to every row of {@code c [G, R, M, D]}. */
    private static NDArray sims(NDArray xn, NDArray c) {
        Shape s = c.getShape();
        long g = s.get(0);
        long r = s.get(1);
        long m = s.get(2);
        NDArray flat = c.reshape(g, r * m, s.get(3));
        return xn.matMul(flat.swapAxes(-1, -2)).reshape(g, xn.getShape().get(1), r, m).swapAxes(1, 2);
    }

    /** Weighted sums {@code [G, R, M, D]} of items, weights {@code w [G, R, N, M]}. */
    private static NDArray combine(NDArray w, NDArray xn) {
        Shape s = w.getShape();
        long g = s.get(0);
        long r = s.get(1);
        long n = s.get(2);
        long m = s.get(3);
        NDArray flat = w.swapAxes(-1, -2).reshape(g, r * m, n);
        return flat.matMul(xn).reshape(g, r, m, xn.getShape().get(2));
    }

    /** k-means++ on the sphere for all problems and restarts at once: [G, R, K, D]. */
    private NDArray seeds(NDManager sub, NDArray xn) {
        long g = xn.getShape().get(0);
        long n = xn.getShape().get(1);
        float[][] u = SeedDraws.uniforms(settings.seed(), settings.restarts(), settings.clusters());
        NDArray draws = sub.create(u).toType(xn.getDataType(), false).expandDims(0); // [1, R, K]
        NDArray arangeN = sub.arange(n);
        // First centroid: a uniformly chosen item (the same index in every problem of a restart).
        NDArray first = draws.get(new NDIndex("..., 0")).mul(n).floor().toType(DataType.INT64, false)
                .minimum(n - 1).broadcast(new Shape(g, settings.restarts())); // [G, R]
        NDArray chosen = pick(first, arangeN, xn); // [G, R, 1, D]
        NDList centroids = new NDList(chosen);
        NDArray minDist = distance(xn, chosen); // [G, R, N]
        for (int k = 1; k < settings.clusters(); k++) {
            NDArray cum = minDist.cumSum(-1);
            NDArray total = cum.get(new NDIndex("..., -1:"));
            NDArray threshold = draws.get(new NDIndex("..., {}:{}", k, k + 1)).mul(total); // [G, R, 1]
            // Index of the first item whose cumulative weight reaches the threshold (D²-sampling).
            NDArray idx = cum.lt(threshold).toType(DataType.INT64, false).sum(new int[] {-1}).minimum(n - 1);
            NDArray ck = pick(idx, arangeN, xn);
            centroids.add(ck);
            minDist = minDist.minimum(distance(xn, ck));
        }
        return NDArrays.concat(centroids, 2);
    }

    /** Rows of xn selected by index {@code [G, R]}: {@code [G, R, 1, D]}. */
    private static NDArray pick(NDArray idx, NDArray arangeN, NDArray xn) {
        return rows(xn, idx).expandDims(2);
    }

    /**
     * Rows {@code xn[g, idx[g, ...]]} for an int64 index {@code [G, ...]}: an index_select on the flattened
     * [G·N, D] view, which reads only the selected rows (a one-hot matmul would stream all of xn).
     */
    static NDArray rows(NDArray xn, NDArray idx) {
        Shape s = xn.getShape();
        long g = s.get(0);
        long n = s.get(1);
        long d = s.get(2);
        Shape is = idx.getShape();
        NDArray offset = xn.getManager().arange(0L, g * n, n).reshape(new Shape(g).addAll(
                new Shape(java.util.Collections.nCopies(is.dimension() - 1, 1L).stream().mapToLong(Long::longValue)
                        .toArray())));
        NDArray flatIdx = idx.add(offset).flatten();
        return xn.reshape(g * n, d).get(new NDIndex("{}", flatIdx)).reshape(is.addAll(new Shape(d)));
    }

    private NDArray distance(NDArray xn, NDArray c1) {
        NDArray s = sims(xn, c1).squeeze(-1); // [G, R, N]
        if (settings.signInvariant()) {
            s = s.abs();
        }
        return s.neg().add(1).maximum(0);
    }

    private NDArray warmCentroids(NDArray xn, NDArray labels) {
        NDArray m = oneHot(labels, xn.getDataType()); // [G, N, K]
        if (settings.signInvariant()) {
            m = m.mul(Ops.memberSigns(xn, m).expandDims(-1));
        }
        return m.swapAxes(-1, -2).matMul(xn).normalize(2, -1).expandDims(1); // [G, 1, K, D]
    }

    private NDArray oneHot(NDArray labels, DataType type) {
        NDArray arangeK = labels.getManager().arange((long) settings.clusters());
        return labels.expandDims(-1).eq(arangeK).toType(type, false);
    }

    /** Lloyd iterations with per-problem freezing; returns assignments, centroids, objective [G, R, ...], iters. */
    private NDList iterate(NDManager sub, NDArray xn, NDArray c) {
        long g = xn.getShape().get(0);
        long n = xn.getShape().get(1);
        long r = c.getShape().get(1);
        DataType type = xn.getDataType();
        NDArray arangeN = sub.arange(n);
        NDArray done = sub.zeros(new Shape(g, r), DataType.BOOLEAN);
        NDArray prevAssign = null;
        NDArray prevObjective = null;
        int it = 0;
        while (it < settings.maxIterations()) {
            it++;
            NDArray s = sims(xn, c); // [G, R, N, K]
            NDArray a = settings.signInvariant() ? s.abs() : s;
            NDArray assign = a.argMax(-1); // [G, R, N]
            NDArray bestSim = a.max(new int[] {-1}); // [G, R, N]
            NDArray objective = bestSim.sum(new int[] {-1}); // [G, R]
            NDArray m = oneHot(assign, type); // [G, R, N, K]
            NDArray counts = m.sum(new int[] {2}); // [G, R, K]
            NDArray empty = counts.eq(0);
            NDArray full = empty.toType(DataType.INT32, false).sum(new int[] {-1}).eq(0); // [G, R] no empty
            if (prevAssign != null) {
                NDArray unchanged = assign.neq(prevAssign).toType(DataType.INT32, false)
                        .sum(new int[] {-1}).eq(0);
                NDArray flat = objective.sub(prevObjective).abs().lte(settings.tolerance() * n);
                done = done.logicalOr(unchanged.logicalOr(flat).logicalAnd(full));
            }
            if (it % settings.checkEvery() == 0 && done.all().getBoolean()) {
                break;
            }
            NDArray w = m;
            if (settings.signInvariant()) {
                NDArray sign = s.mul(m).sum(new int[] {-1}).gte(0).toType(type, false).mul(2).sub(1);
                w = m.mul(sign.expandDims(-1));
            }
            NDArray next = combine(w, xn).normalize(2, -1); // [G, R, K, D]
            // Re-seed empty clusters with the items least similar to their centroid, the j-th empty cluster
            // taking the j-th worst item, so two empty clusters never get the same replacement.
            NDArray worst = bestSim.argSort(-1, true).get(new NDIndex("..., :{}", settings.clusters())); // [G, R, K]
            NDArray rank = empty.toType(DataType.INT64, false).cumSum(-1).sub(1).maximum(0);
            NDArray cand = worst.gather(rank, -1); // [G, R, K]
            NDArray replacement = rows(xn, cand); // [G, R, K, D]
            next = Ops.where(empty.expandDims(-1), replacement, next);
            c = Ops.where(done.expandDims(-1).expandDims(-1), c, next);
            prevAssign = assign;
            prevObjective = objective;
        }
        NDArray s = sims(xn, c);
        NDArray a = settings.signInvariant() ? s.abs() : s;
        NDArray assign = a.argMax(-1);
        NDArray objective = a.max(new int[] {-1}).sum(new int[] {-1});
        return new NDList(assign, c, objective, sub.create((long) it));
    }

    /** Keeps the restart with the highest objective per problem (first one on ties). */
    private static NDList best(NDList out) {
        NDArray assign = out.get(0); // [G, R, N]
        NDArray c = out.get(1); // [G, R, K, D]
        NDArray objective = out.get(2); // [G, R]
        long r = objective.getShape().get(1);
        NDArray bestIdx = objective.argMax(1); // [G]
        NDArray w = bestIdx.expandDims(-1).eq(objective.getManager().arange(r).expandDims(0)); // [G, R]
        NDArray wf = w.toType(c.getDataType(), false);
        NDArray assignBest = w.toType(DataType.INT64, false).expandDims(-1).mul(assign).sum(new int[] {1});
        NDArray cBest = wf.expandDims(-1).expandDims(-1).mul(c).sum(new int[] {1});
        NDArray objBest = wf.mul(objective).sum(new int[] {1});
        return new NDList(assignBest, cBest, objBest);
    }

    /** The builder: the options of {@link org.badit.clustering.KMeansBuilder}. */
    public static final class Builder extends org.badit.clustering.KMeansBuilder<Builder> {

        private Builder() {}

        /** {@inheritDoc} */
        @Override
        protected Builder self() {
            return this;
        }

        /**
         * Builds the strategy.
         *
         * @return the strategy
         * @throws IllegalArgumentException for an invalid setting
         */
        public SphericalKMeans build() {
            validate();
            return new SphericalKMeans(this);
        }
    }
}
