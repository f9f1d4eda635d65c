/**
 * Sign-invariant spherical k-means over rank-1 components (batched on the device, seeded, k-means++ with restarts),
 * exact balanced assignment (Hungarian), orthogonal refinement and the {@link org.badit.clustering.Regrouper} DOG
 * calls at every regroup. See {@code docs/clustering.md}.
 *
 * <p>May import: {@code org.badit.lora.linalg}.
 */
package org.badit.clustering;
