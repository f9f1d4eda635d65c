/**
 * Task grouping: the SDP relaxation (ADMM) that groups tasks by an affinity matrix, the checks on such matrices, and
 * planted-partition affinities to test it on.
 *
 * <p>May import: nothing else in BADIT-J.
 */
package org.badit.clustering.tasks;
