package org.badit.lora;

import ai.djl.nn.core.Linear;
import org.badit.lora.nn.AdaptedLinear;

/**
 * Builds the adapted layer that replaces one targeted Linear; what makes {@link AdapterInjector} serve LoRA, BADIT
 * experts and LoRAMoE alike.
 */
@FunctionalInterface
public interface AdaptedLayerFactory {

    /**
     * Creates the replacement of a Linear.
     *
     * @param path the module path (e.g. {@code model.layers.0.self_attn.q_proj}), for per-layer seeds and messages
     * @param base the initialized Linear; its arrays may be taken over ({@link AdaptedLinear#arraysOf(Linear)})
     * @return the adapted layer, computing the same function as {@code base} unless documented otherwise
     */
    AdaptedLinear create(String path, Linear base);
}
