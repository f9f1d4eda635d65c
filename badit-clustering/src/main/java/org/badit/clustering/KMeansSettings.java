package org.badit.clustering;

/**
 * The options of a spherical k-means run, as {@link KMeansBuilder} collected and validated them; shared by the
 * libtorch and ND4J implementations so both read the same settings the same way.
 *
 * @param clusters k
 * @param restarts independent k-means++ starts; the best objective wins
 * @param maxIterations Lloyd iterations per start
 * @param tolerance stop when the objective improves by less than this (relative)
 * @param signInvariant cluster ±x together (rank-1 components have no sign)
 * @param seed the seed of the k-means++ draws
 * @param checkEvery iterations between convergence checks (a host sync each)
 */
public record KMeansSettings(int clusters, int restarts, int maxIterations, double tolerance, boolean signInvariant,
        long seed, int checkEvery) {}
