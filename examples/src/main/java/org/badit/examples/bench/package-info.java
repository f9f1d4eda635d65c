/**
 * Throughput and memory measurements of the model substrate ({@code badit bench-model}).
 *
 * <p>May import: {@code org.badit.clustering}, {@code org.badit.clustering.nd4j}, {@code org.badit.clustering.tasks},
 * {@code org.badit.core.data}, {@code org.badit.core.expert}, {@code org.badit.core.generate},
 * {@code org.badit.core.method}, {@code org.badit.core.model}, {@code org.badit.core.train}, {@code org.badit.lora},
 * {@code org.badit.lora.engine}, {@code org.badit.lora.linalg}.
 */
package org.badit.examples.bench;
