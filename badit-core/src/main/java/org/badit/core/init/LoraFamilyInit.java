package org.badit.core.init;

import ai.djl.ndarray.NDArray;
import java.util.function.Function;
import org.badit.lora.LoraInjector;
import org.badit.lora.init.LoraInitializer;
import org.badit.lora.nn.AdaptedLinear;
import org.badit.lora.nn.LoraLinear;

/**
 * The LoRA family (LoRA, PiSSA, MiLoRA, OLoRA): one {@link LoraLinear} of rank K·r with lora_alpha = s·K·r, so every
 * method has the same total rank and update scale; the factors come from the PEFT initializer the method names
 * ({@code init_lora_weights}, see {@link LoraInitializer#fromPeft}).
 */
public final class LoraFamilyInit implements AdapterInitializer {

    private final Function<InitSettings, String> peftName;

    /**
     * Creates the initializer of one method.
     *
     * @param peftName the method's PEFT {@code init_lora_weights} value for given settings (e.g. {@code pissa_niter_4})
     */
    public LoraFamilyInit(Function<InitSettings, String> peftName) {
        this.peftName = peftName;
    }

    /**
     * Returns the PEFT {@code init_lora_weights} value this method writes for a config.
     *
     * @param settings the settings
     * @return e.g. {@code true}, {@code pissa}, {@code pissa_niter_4}, {@code milora}, {@code olora}
     */
    public String peftName(InitSettings settings) {
        return peftName.apply(settings);
    }

    /** {@inheritDoc} */
    @Override
    public AdaptedLinear create(String path, NDArray weight, NDArray bias, InitSettings settings) {
        long seed = LoraInjector.layerSeed(settings.seed(), path);
        LoraLinear layer = LoraLinear.builder().setBaseWeight(weight).optBaseBias(bias).setRank(settings.totalRank())
                .optAlpha(settings.scaling() * settings.totalRank()).optDropout(settings.dropout()).optSeed(seed).build();
        return LoraInitializer.fromPeft(peftName(settings)).applyTo(layer, seed);
    }
}
