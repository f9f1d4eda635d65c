package org.badit.core.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Path;
import java.util.Map;
import org.badit.core.expert.BaditLinear;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.Methods;
import org.badit.lora.io.SafetensorsWriter;
import org.badit.lora.LoraConfig;
import org.badit.lora.io.AdapterConfigJson;
import org.badit.lora.io.PeftAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An expert adapter as one PEFT LoRA of the <em>original</em> base weights, with fixed mixing weights α.
 *
 * <pre>
 *   y = x·W_resᵀ + s·Σ_k α_k·x·A_kᵀ·B_kᵀ,    W_res = W − s·Σ_k B0_k·A0_k
 *     = x·Wᵀ + s·x·A'ᵀ·B'ᵀ,    A' = [A_1; …; A_K; A0_1; …; A0_K]        [2·K·r, in]
 *                              B' = [α_1·B_1 | … | α_K·B_K | −B0_1 | … | −B0_K]   [out, 2·K·r]
 * </pre>
 *
 * With the pretrained base (LoRAMoE) there is no correction and the rank is K·r. PEFT's scaling is
 * {@code lora_alpha / r}, so {@code lora_alpha = s·r'} keeps s.
 */
final class StaticLoraExport {

    private static final Logger logger = LoggerFactory.getLogger(StaticLoraExport.class);

    /** Gives each layer's fixed α. */
    @FunctionalInterface
    interface AlphaSource {
        /**
         * Returns a layer's fixed mixing weights.
         *
         * @param index the layer's position in model order
         * @param layer the layer
         * @param scope where to create arrays (closed after the export)
         * @return {@code α [K]} on the layer's device
         */
        NDArray alpha(int index, BaditLinear layer, NDManager scope);
    }

    private StaticLoraExport() {}

    /**
     * Writes {@code adapter_config.json} and {@code adapter_model.safetensors}.
     *
     * @param model the adapted model
     * @param dir the output directory
     * @param alphaOf the fixed α {@code [K]} of layer i (in model order), on the layer's device
     * @return the PEFT configuration written
     */
    static LoraConfig write(AdaptedModel model, Path dir, AlphaSource alphaOf) {
        MethodConfig config = model.config();
        if (!config.method().hasExperts()) {
            LoraConfig lora = Methods.loraConfig(config);
            LoraConfig written = config.method() == Method.LORA ? saveAsIs(dir, model, lora)
                    : PeftAdapter.saveBaseCompatible(dir, model.model(), lora);
            removeNonPeft(dir);
            return written;
        }
        Map<String, BaditLinear> layers = model.expertLayers();
        boolean correction = !config.method().keepsPretrainedBase();
        int kr = config.totalRank();
        int rank = correction ? 2 * kr : kr;
        SafetensorsWriter writer = SafetensorsWriter.builder().optMetadata(Map.of("format", "pt")).build();
        NDManager scope = model.model().getManager().newSubManager();
        try (scope) {
            int i = 0;
            for (Map.Entry<String, BaditLinear> e : layers.entrySet()) {
                BaditLinear layer = e.getValue();
                long in = layer.inFeatures();
                long out = layer.outFeatures();
                NDArray alpha = local(scope, alphaOf.alpha(i++, layer, scope));
                if (!alpha.getShape().equals(new Shape(config.experts()))) {
                    throw new IllegalArgumentException("module '" + e.getKey() + "': α must be [" + config.experts()
                            + "], got " + alpha.getShape());
                }
                // Work on copies owned by the scope, so every intermediate array is freed with it.
                NDArray a = local(scope, layer.expertsA().getArray()).reshape(kr, in);
                NDArray b = stackB(local(scope, layer.expertsB().getArray()), out, kr)
                        .mul(alpha.repeat(0, config.rank()).expandDims(0));
                if (correction) {
                    if (layer.initialA() == null) {
                        throw new IllegalStateException("module '" + e.getKey() + "' does not know its initial "
                                + "experts (W − W_res), so no LoRA of the original base can be written; they are "
                                + "recorded by the decomposition and kept in " + AdapterFiles.INITIAL_FILE);
                    }
                    a = a.concat(local(scope, layer.initialA()).reshape(kr, in), 0);
                    b = b.concat(stackB(local(scope, layer.initialB()), out, kr).neg(), 1);
                }
                writer.add(PeftAdapter.keyA(e.getKey()), a);
                writer.add(PeftAdapter.keyB(e.getKey()), b);
            }
            writer.write(dir.resolve(PeftAdapter.WEIGHTS_FILE));
        }
        LoraConfig lora = LoraConfig.builder().setTargetModules(config.targets()).optR(rank)
                .optLoraAlpha(config.scaling() * rank).optInitLoraWeights("true").optSeed(config.seed()).build();
        removeNonPeft(dir);
        AdapterConfigJson.write(dir.resolve(PeftAdapter.CONFIG_FILE), lora);
        logger.info("exported {} as a static rank-{} LoRA of the original base to {}", config.method().id(), rank,
                dir);
        return lora;
    }

    private static NDArray local(NDManager scope, NDArray array) {
        NDArray copy = array.duplicate();
        copy.attach(scope);
        return copy;
    }

    /** {@code B [K, out, r]} side by side: {@code [out, K·r]}, column k·r + j = column j of B_k. */
    private static NDArray stackB(NDArray b, long out, int kr) {
        return b.transpose(1, 0, 2).reshape(out, kr);
    }

    private static LoraConfig saveAsIs(Path dir, AdaptedModel model, LoraConfig lora) {
        PeftAdapter.save(dir, model.model(), lora);
        return lora;
    }

    /** Files that would make the directory read as something other than a base-compatible PEFT adapter. */
    private static void removeNonPeft(Path dir) {
        AdapterFiles.deleteStale(dir.resolve(AdapterFiles.CONFIG_FILE));
        AdapterFiles.deleteStale(dir.resolve(AdapterFiles.INITIAL_FILE));
        AdapterFiles.deleteStale(dir.resolve(PeftAdapter.RESIDUAL_FILE));
        AdapterFiles.deleteStale(dir.resolve(PeftAdapter.INITIAL_FILE));
    }
}
