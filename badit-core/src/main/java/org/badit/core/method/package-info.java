/**
 * The methods (LoRA, PiSSA, MiLoRA, OLoRA, LoRAMoE, BADIT and its ablations): their declaration, configuration,
 * application to a model ({@link org.badit.core.method.AdaptedModel}) and the check that an initialisation preserves
 * the model's output.
 *
 * <p>May import: {@code org.badit.core.expert}, {@code org.badit.core.expert.router}, {@code org.badit.core.init},
 * {@code org.badit.core.model}, {@code org.badit.lora}, {@code org.badit.lora.init}, {@code org.badit.lora.nn}.
 */
package org.badit.core.method;
