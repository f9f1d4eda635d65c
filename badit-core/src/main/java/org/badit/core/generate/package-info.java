/**
 * Batched autoregressive decoding (greedy or sampled) with a KV cache: {@link org.badit.core.generate.Generator}.
 *
 * <p>May import: {@code org.badit.core.model}.
 */
package org.badit.core.generate;
