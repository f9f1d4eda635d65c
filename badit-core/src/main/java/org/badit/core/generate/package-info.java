/** Batched autoregressive decoding (greedy or sampled) with a KV cache: {@link org.badit.core.generate.Generator}. */
package org.badit.core.generate;
