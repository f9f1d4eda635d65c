package org.badit.lora.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.badit.lora.nn.LoraLinear;

/**
 * LoRA's default (PEFT {@code init_lora_weights=True}): A from Kaiming-uniform with a = √5, i.e.
 * {@code U(−1/√in, 1/√in)} (the PyTorch {@code nn.Linear} default), and B = 0, so the adapted layer starts as the
 * pretrained one.
 */
public final class KaimingInit implements LoraInitializer {

    /** {@inheritDoc} */
    @Override
    public void initialize(LoraLinear layer, long seed) {
        layer.resetToDefault(seed);
    }

    /** {@inheritDoc} */
    @Override
    public String peftName() {
        return "true";
    }
}
