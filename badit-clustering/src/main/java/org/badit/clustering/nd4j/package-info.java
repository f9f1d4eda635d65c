/**
 * The same spherical k-means and orthogonal refinement on ND4J host arrays, for callers without a DJL engine; checked
 * against the libtorch version.
 *
 * <p>May import: {@code org.badit.clustering}.
 */
package org.badit.clustering.nd4j;
