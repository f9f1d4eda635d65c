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
        NDArray a = layer.loraA().getArray();
        try (NDManager sub = layer.manager().newSubManager()) {
            NDArray fresh = Seeded.uniform(sub, a.getShape(), 1.0 / Math.sqrt(layer.inFeatures()), seed,
                    a.getDataType(), a.getDevice());
            layer.setLoraWeights(fresh, sub.zeros(layer.loraB().getArray().getShape()));
        }
    }

    /** {@inheritDoc} */
    @Override
    public String peftName() {
        return "true";
    }
}
