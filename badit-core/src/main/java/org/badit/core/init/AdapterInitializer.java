package org.badit.core.init;

import ai.djl.ndarray.NDArray;
import org.badit.lora.nn.AdaptedLinear;

/**
 * Turns one pretrained linear layer into the adapted layer of a method, initialised so that it still computes the
 * pretrained function: one implementation per family (LoRA-family factors, BADIT's SVD experts, LoRAMoE's random
 * experts). Each {@link org.badit.core.method.Method} constant names its initializer; {@code Methods.apply} calls it
 * on every target layer.
 */
public interface AdapterInitializer {

    /**
     * Creates the adapted layer.
     *
     * @param path the layer's module path (seeds its randomness, so the same layer gets the same draw every run)
     * @param weight the pretrained {@code W [out, in]} (taken over as the frozen base or replaced by a residual)
     * @param bias the pretrained {@code b [out]}, or null
     * @param settings the method's settings (K, r, alpha, router, SVD, seed, …)
     * @return the layer that replaces the linear one
     */
    AdaptedLinear create(String path, NDArray weight, NDArray bias, InitSettings settings);
}
