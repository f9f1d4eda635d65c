/**
 * Decoder-only language models as DJL blocks with Hugging Face module paths: {@link org.badit.core.model.ModelConfig}
 * (from {@code config.json}), {@link org.badit.core.model.DecoderLM} (load, random init, save, forward),
 * {@link org.badit.core.model.KvCache}, and {@link org.badit.core.model.ForwardContext}, what every block (and every
 * adapter that replaces one) can read during a forward pass. See {@code docs/models.md}.
 *
 * <p>May import: {@code org.badit.lora.engine}, {@code org.badit.lora.io}, {@code org.badit.lora.nn}.
 */
package org.badit.core.model;
