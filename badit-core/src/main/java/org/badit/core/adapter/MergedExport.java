package org.badit.core.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;
import org.badit.core.method.AdaptedModel;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ModelConfig;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.io.SafetensorsCheckpoint;
import org.badit.lora.io.SafetensorsWriter;
import org.badit.lora.nn.AdaptedLinear;

/**
 * Writes an adapted model as a plain Hugging Face model directory whose adapted weights carry a fixed update:
 * {@code <path>.weight = W_res + ΔW}. Adapter-only tensors (experts, routers, LoRA factors) are left out, so the result
 * loads with {@link DecoderLM#load} or transformers and runs at the base model's cost.
 */
final class MergedExport {

    private MergedExport() {}

    /**
     * Writes {@code config.json} and {@code model.safetensors}.
     *
     * @param model the adapted model (not merged)
     * @param dir the output directory (created if needed)
     * @param update each adapted layer's dense update {@code [out, in]} (attached to the layer's manager; closed here)
     */
    static void write(AdaptedModel model, Path dir, Function<AdaptedLinear, NDArray> update) {
        DecoderLM lm = model.model();
        Map<String, AdaptedLinear> layers = model.injection().layers();
        layers.forEach((path, layer) -> {
            if (layer.isMerged()) {
                throw new IllegalStateException("module '" + path + "' is merged; unmerge before exporting");
            }
        });
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        try (NDManager scope = lm.getManager().newSubManager()) {
            SafetensorsWriter writer = SafetensorsWriter.builder().optMetadata(Map.of("format", "pt")).build();
            for (Map.Entry<String, Parameter> e : lm.namedParameters().entrySet()) {
                String name = e.getKey();
                String owner = adaptedOwner(name, layers);
                if (owner == null) {
                    writer.add(name, e.getValue().getArray());
                    continue;
                }
                String local = name.substring(owner.length() + 1);
                AdaptedLinear layer = layers.get(owner);
                if (local.equals("weight")) {
                    NDArray delta = update.apply(layer);
                    delta.attach(scope);
                    NDArray merged = layer.baseWeightArray().add(delta);
                    merged.attach(scope);
                    writer.add(name, merged);
                } else if (local.equals("bias")) {
                    writer.add(name, e.getValue().getArray());
                }
                // anything else (experts_A, router.*, lora_*) is adapter state that the merged weight now carries
            }
            writer.write(dir.resolve(SafetensorsCheckpoint.SINGLE_FILE));
        }
        // config.json last: a directory with a config is a complete model.
        AtomicFiles.writeString(dir.resolve(ModelConfig.FILE_NAME), lm.config().toJson());
    }

    /** The adapted module a parameter belongs to (itself or through a child such as the router), or null. */
    private static String adaptedOwner(String name, Map<String, AdaptedLinear> layers) {
        for (int dot = name.lastIndexOf('.'); dot > 0; dot = name.lastIndexOf('.', dot - 1)) {
            String prefix = name.substring(0, dot);
            if (layers.containsKey(prefix)) {
                return prefix;
            }
        }
        return null;
    }
}
