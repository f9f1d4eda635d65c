/**
 * Task grouping: the SDP relaxation (ADMM, one-shot and adaptive) that groups tasks by an affinity matrix, the
 * spectral and Lloyd baselines, the silhouette that chooses k, affinities asked on demand ({@link
 * org.badit.clustering.tasks.AffinityOracle}), the checks on such matrices, and planted-partition affinities to test
 * it on.
 *
 * <p>May import: {@code org.badit.clustering}.
 */
package org.badit.clustering.tasks;
