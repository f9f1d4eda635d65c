/**
 * LoRA-family initializers, one class per method (PEFT's default, Gaussian, PiSSA, MiLoRA, OLoRA), behind {@link
 * org.badit.lora.init.LoraInitializer}; the residual base weight they leave behind.
 *
 * <p>May import: {@code org.badit.lora.engine}, {@code org.badit.lora.linalg}, {@code org.badit.lora.nn}.
 */
package org.badit.lora.init;
