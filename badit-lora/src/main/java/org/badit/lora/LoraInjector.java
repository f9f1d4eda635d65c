package org.badit.lora;

import ai.djl.nn.Block;
import java.util.LinkedHashMap;
import java.util.Map;
import org.badit.lora.init.LoraInitializer;
import org.badit.lora.nn.BlockTree;
import org.badit.lora.nn.LoraLinear;

/** Injects {@link LoraLinear} layers as a {@link LoraConfig} says: PEFT's {@code get_peft_model} for LoRA. */
public final class LoraInjector {

    private LoraInjector() {}

    /**
     * Replaces the targeted Linear modules by LoRA layers and freezes everything else.
     *
     * @param root an initialized model
     * @param config the adapter configuration
     * @return the adapted layers and parameter counts
     */
    public static InjectionReport inject(Block root, LoraConfig config) {
        return AdapterInjector.builder().setTargets(config.targetModules()).setFactory(factory(config)).build()
                .inject(root);
    }

    /**
     * The factory of LoRA layers for a configuration; each layer's seed derives from the config seed and its path.
     *
     * @param config the adapter configuration
     * @return the factory
     */
    public static AdaptedLayerFactory factory(LoraConfig config) {
        return (path, linear) -> {
            LoraInitializer init = config.initializer();
            long seed = layerSeed(config.seed(), path);
            return init.applyTo(LoraLinear.builder().setBase(linear).setRank(config.r()).optAlpha(config.loraAlpha())
                    .optRsLora(config.useRslora()).optDropout(config.loraDropout()).optSeed(seed).build(), seed);
        };
    }

    /**
     * Derives a layer's seed (String.hashCode is specified, so this is the same on every JVM).
     *
     * @param seed the config seed
     * @param path the module path
     * @return the layer seed
     */
    public static long layerSeed(long seed, String path) {
        return seed * 1_000_003L + path.hashCode();
    }

    /**
     * Lists the LoRA layers of a model.
     *
     * @param root the model
     * @return module path to layer, in model order
     */
    public static Map<String, LoraLinear> loraLayers(Block root) {
        Map<String, LoraLinear> out = new LinkedHashMap<>();
        BlockTree.modules(root).forEach((path, block) -> {
            if (block instanceof LoraLinear) {
                out.put(path, (LoraLinear) block);
            }
        });
        return out;
    }

    /**
     * Merges every LoRA layer's update into its base weight (inference with no extra matmuls).
     *
     * @param root the model
     */
    public static void mergeAll(Block root) {
        loraLayers(root).values().forEach(LoraLinear::merge);
    }

    /**
     * Undoes {@link #mergeAll(Block)}.
     *
     * @param root the model
     */
    public static void unmergeAll(Block root) {
        loraLayers(root).values().forEach(LoraLinear::unmerge);
    }
}
