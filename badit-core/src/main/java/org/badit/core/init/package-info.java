/**
 * Initializers: how a pretrained linear layer becomes a method's adapted layer, one class per family behind
 * {@link org.badit.core.init.AdapterInitializer}: the LoRA family's factors ({@link org.badit.core.init.LoraFamilyInit},
 * over the PEFT initializers of {@code org.badit.lora.init}), BADIT's SVD experts
 * ({@link org.badit.core.init.SvdExperts}) and LoRAMoE's random experts ({@link org.badit.core.init.RandomExperts}).
 * Every one leaves the layer computing the pretrained function.
 *
 * <p>May import: {@code org.badit.core.expert}, {@code org.badit.core.expert.router}, {@code org.badit.lora},
 * {@code org.badit.lora.init}, {@code org.badit.lora.nn}.
 */
package org.badit.core.init;
