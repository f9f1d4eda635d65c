/**
 * Injecting adapters into a DJL block tree: target modules by Hugging Face path, LoRA configuration (PEFT's field
 * names), the injector and its report.
 *
 * <p>May import: {@code org.badit.lora.init}, {@code org.badit.lora.nn}.
 */
package org.badit.lora;
