/**
 * Saving and loading trained adapters: BADIT's expert tensors and config, PEFT LoRA export (static LoRA and merged
 * weights), strict JSON reading. See {@code docs/adapter-format.md}.
 *
 * <p>May import: {@code org.badit.core.expert}, {@code org.badit.core.expert.router}, {@code org.badit.core.method},
 * {@code org.badit.core.model}, {@code org.badit.lora}, {@code org.badit.lora.init}, {@code org.badit.lora.io},
 * {@code org.badit.lora.nn}.
 */
package org.badit.core.adapter;
