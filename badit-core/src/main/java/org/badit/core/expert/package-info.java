/**
 * BADIT's experts: {@link org.badit.core.expert.BaditLinear} (K rank-r experts on a residual base weight, mixed by a
 * router), DOG's regroup ({@link org.badit.core.expert.Dog}, {@link org.badit.core.expert.JointOrthogonalization}),
 * the expert metrics, and the optimizer-state interface DOG edits through. See {@code docs/algorithm.md}.
 *
 * <p>May import: {@code org.badit.clustering}, {@code org.badit.clustering.nd4j}, {@code org.badit.core.expert.router},
 * {@code org.badit.core.model}, {@code org.badit.lora.engine}, {@code org.badit.lora.init},
 * {@code org.badit.lora.linalg}, {@code org.badit.lora.nn}.
 */
package org.badit.core.expert;
