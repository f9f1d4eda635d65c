/**
 * Evaluation: greedy decoding of a test split scored with the official SuperNI metrics, the continual accuracy matrix,
 * and gradient-conflict measurements between tasks.
 *
 * <p>May import: {@code org.badit.core.data}, {@code org.badit.core.generate}, {@code org.badit.core.method},
 * {@code org.badit.core.model}, {@code org.badit.core.tokenizer}, {@code org.badit.core.train},
 * {@code org.badit.lora.engine}, {@code org.badit.lora.io}, {@code org.badit.superni}, {@code org.badit.superni.data},
 * {@code org.badit.superni.metrics}, {@code org.badit.superni.prompt}.
 */
package org.badit.core.eval;
