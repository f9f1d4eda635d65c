package org.badit.clustering;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** {@link ClusteringBackend#LIBTORCH}: batched over layers, on the directions' device. */
final class LibtorchClustering implements ClusteringBackend {

    /** {@inheritDoc} */
    @Override
    public Clustering cluster(NDArray directions, int[][] warmStart, KMeansSettings k, int refineIterations,
            BalancedAssignment.Backend assignment) {
        SphericalKMeans kmeans = SphericalKMeans.builder().setClusters(k.clusters()).optRestarts(k.restarts())
                .optMaxIterations(k.maxIterations()).optTolerance(k.tolerance()).optSignInvariant(k.signInvariant())
                .optSeed(k.seed()).optCheckEvery(k.checkEvery()).build();
        OrthogonalRefinement refinement = OrthogonalRefinement.builder().setClusters(k.clusters())
                .optMaxIterations(refineIterations).optSignInvariant(k.signInvariant()).optBackend(assignment).build();
        int g = warmStart.length;
        int n = warmStart[0].length;
        long[] flat = new long[g * n];
        for (int p = 0; p < g; p++) {
            for (int i = 0; i < n; i++) {
                flat[p * n + i] = warmStart[p][i];
            }
        }
        try (NDManager sub = directions.getManager().newSubManager()) {
            NDArray warm = sub.create(flat, new Shape(g, n));
            KMeansResult km = kmeans.fit(directions, warm);
            RefinementResult ref = refinement.refine(directions, km.assignments());
            int[][] labels = ref.labels();
            km.assignments().close();
            km.centroids().close();
            km.objective().close();
            ref.assignments().close();
            ref.basis().close();
            ref.objective().close();
            return new Clustering(labels, km.iterations(), ref.iterations());
        }
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "libtorch";
    }
}
