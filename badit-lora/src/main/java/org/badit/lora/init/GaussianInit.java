package org.badit.lora.init;

import org.badit.lora.engine.SeededRandom;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import org.badit.lora.nn.LoraLinear;

/**
 * PEFT's {@code init_lora_weights="gaussian"}: A ~ N(0, (1/r)²), B = 0, so the adapted layer starts as the
 * pretrained one.
 */
public final class GaussianInit implements LoraInitializer {

    /** {@inheritDoc} */
    @Override
    public void initialize(LoraLinear layer, long seed) {
        NDArray a = layer.loraA().getArray();
        try (NDManager sub = layer.manager().newSubManager()) {
            NDArray fresh = SeededRandom.normal(sub, a.getShape(), 1.0 / layer.rank(), seed, a.getDataType(),
                    a.getDevice());
            layer.setLoraWeights(fresh, sub.zeros(layer.loraB().getArray().getShape()));
        }
    }

    /** {@inheritDoc} */
    @Override
    public String peftName() {
        return "gaussian";
    }
}
