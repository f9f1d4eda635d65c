/**
 * The benchmarks behind {@code badit bench-*}: throughput, memory, clustering, SVD, method step times and the soak.
 *
 * <p>May import: {@code org.badit.clustering}, {@code org.badit.clustering.nd4j}, {@code org.badit.clustering.tasks},
 * {@code org.badit.core.data}, {@code org.badit.core.eval}, {@code org.badit.core.expert}, {@code org.badit.core.generate},
 * {@code org.badit.core.method}, {@code org.badit.core.model}, {@code org.badit.core.tokenizer}, {@code org.badit.core.train},
 * {@code org.badit.lora}, {@code org.badit.superni}, {@code org.badit.superni.prompt},
 * {@code org.badit.superni.metrics}, {@code org.badit.superni.synthetic},
 * {@code org.badit.lora.engine}, {@code org.badit.lora.linalg}.
 */
package org.badit.examples.bench;
