package org.badit.clustering.nd4j;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Result of {@link Nd4jSphericalKMeans}.
 *
 * @param labels {@code labels[g][i]} in [0, K)
 * @param centroids {@code [G, K, D]} unit centroids (float32)
 * @param objective {@code objective[g]} = Σ_i cos(x_i, c(i)) ({@code |cos|} in sign-invariant mode)
 */
public record Nd4jKMeansResult(int[][] labels, INDArray centroids, double[] objective) {}
