package org.badit.clustering.nd4j;

import ai.djl.ndarray.NDArray;
import org.badit.clustering.BalancedAssignment;
import org.badit.clustering.ClusteringBackend;
import org.badit.clustering.KMeansSettings;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ND4J backend of a regroup: the directions are copied to the host once, then {@link Nd4jSphericalKMeans} and
 * {@link Nd4jOrthogonalRefinement} run layer by layer on ND4J arrays with the same settings, seeds and tie-breaking
 * as the libtorch backend (same partitions, checked in the tests). Select it with {@link #create()} (or
 * {@code dog_backend: nd4j}); it needs {@code org.nd4j:nd4j-native} on the classpath, an optional dependency.
 */
public final class Nd4jClustering implements ClusteringBackend {

    private Nd4jClustering() {}

    /**
     * Creates the backend, checking that ND4J can be loaded.
     *
     * @return the backend
     * @throws IllegalStateException when ND4J is not on the classpath, saying which dependency to add
     */
    public static ClusteringBackend create() {
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, Nd4jClustering.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalStateException("dog_backend nd4j needs ND4J on the classpath (org.nd4j:nd4j-native "
                    + "1.0.0-M2.1 with classifier linux-x86_64, an optional dependency of badit-clustering; the badit "
                    + "jar does not ship it); use dog_backend libtorch", e);
        }
        return new Nd4jClustering();
    }

    /** {@inheritDoc} */
    @Override
    public Clustering cluster(NDArray directions, int[][] warmStart, KMeansSettings k, int refineIterations,
            BalancedAssignment.Backend assignment) {
        long[] shape = directions.getShape().getShape();
        INDArray x = Nd4j.create(directions.toFloatArray(), shape, 'c');
        Nd4jKMeansResult km = Nd4jSphericalKMeans.builder().setClusters(k.clusters()).optRestarts(k.restarts())
                .optMaxIterations(k.maxIterations()).optTolerance(k.tolerance()).optSignInvariant(k.signInvariant())
                .optSeed(k.seed()).optCheckEvery(k.checkEvery()).build().fit(x, warmStart);
        int[][] labels = new Nd4jOrthogonalRefinement(k.clusters(), refineIterations, k.signInvariant())
                .refine(x, km.labels());
        return new Clustering(labels, -1, -1);
    }

    /** {@inheritDoc} */
    @Override
    public String name() {
        return "nd4j";
    }
}
