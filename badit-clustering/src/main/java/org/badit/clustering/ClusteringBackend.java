package org.badit.clustering;

import ai.djl.ndarray.NDArray;

/**
 * Where a regroup's two clustering steps run — spherical k-means warm-started from the current layout, then the
 * orthogonal refinement with balanced assignment — given the same settings either way. {@link #LIBTORCH} (the
 * default) batches all G layers in a few libtorch calls on the directions' device; the ND4J backend
 * ({@code org.badit.clustering.nd4j.Nd4jClustering}) runs them on the host with ND4J, for users of the DL4J stack
 * (docs/clustering.md has both measured). The rest of the regroup (aligning labels to expert identities, the slot
 * permutation) is the {@link Regrouper}'s and the same for both.
 */
public interface ClusteringBackend {

    /** The batched libtorch implementation ({@link SphericalKMeans}, {@link OrthogonalRefinement}). */
    ClusteringBackend LIBTORCH = new LibtorchClustering();

    /**
     * Clusters every layer's components into K balanced groups.
     *
     * @param directions {@code [G, N, D]} component directions
     * @param warmStart {@code [G][N]} the current labels (k-means starts from them)
     * @param kmeans the k-means settings (K, restarts, iterations, sign invariance, seed)
     * @param refineIterations the refinement's iteration cap
     * @param assignment where the balanced assignment runs (libtorch backend)
     * @return the labels and the iterations used
     */
    Clustering cluster(NDArray directions, int[][] warmStart, KMeansSettings kmeans, int refineIterations,
            BalancedAssignment.Backend assignment);

    /**
     * Returns the backend's name in configs ({@code dog_backend}).
     *
     * @return e.g. {@code libtorch}
     */
    String name();

    /**
     * What a backend returns.
     *
     * @param labels {@code [G][N]} balanced labels in [0, K)
     * @param kmeansIterations k-means iterations run (the most over layers and restarts)
     * @param refinementIterations refinement iterations run
     */
    record Clustering(int[][] labels, int kmeansIterations, int refinementIterations) {}
}
