package org.badit.clustering;

import ai.djl.ndarray.NDArray;

/**
 * Result of the orthogonal refinement, attached to the input's manager.
 *
 * @param assignments {@code [G, N]} int64 balanced labels: each of the K clusters holds exactly N/K items
 * @param basis {@code [G, K, D]} the orthonormal directions q_k (rows) the last assignment was made against
 * @param objective {@code [G]} Σ_i ⟨ĝ_i, q_label(i)⟩ (absolute values in sign-invariant mode)
 * @param iterations alternations run (≤ the configured maximum; fewer when every problem became stable)
 */
public record RefinementResult(NDArray assignments, NDArray basis, NDArray objective, int iterations) {

    /**
     * Copies the labels to the host.
     *
     * @return {@code labels[g][i]}
     */
    public int[][] labels() {
        return new KMeansResult(assignments, basis, objective, iterations).labels();
    }
}
