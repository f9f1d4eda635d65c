package org.badit.core.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.badit.core.expert.BaditLinear;
import org.badit.core.expert.router.TaskRouter;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.Methods;
import org.badit.core.model.DecoderLM;
import org.badit.lora.io.SafetensorsFile;
import org.badit.lora.io.SafetensorsWriter;
import org.badit.lora.LoraConfig;
import org.badit.lora.io.AdapterFormatException;
import org.badit.lora.io.PeftAdapter;
import org.badit.lora.nn.AdaptedLinear;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapter files of every method: one place to save, load and export what {@link Methods#apply} built.
 *
 * <pre>
 *   adapter_dir/
 *     badit_config.json              every method: the MethodConfig, modules, saved tensors, residual flag
 *     adapter_model.safetensors      expert methods: base_model.model.&lt;path&gt;.experts_A [K, r, in],
 *                                    .experts_B [K, out, r], .router.&lt;param&gt;; metadata {"format": "pt",
 *                                    "badit_version": "1"}.  LoRA family: PEFT's lora_A/lora_B ({@link PeftAdapter})
 *     adapter_config.json            LoRA family only (PEFT's config)
 *     residual_base.safetensors      residual methods (BADIT, PiSSA, ...): &lt;path&gt;.weight [out, in], the frozen W_res
 *     initial_experts.safetensors    BADIT: the experts at initialization (so W − W_res = s·Σ B0_k·A0_k is known and
 *                                    the adapter can still be exported for the original base after a reload)
 * </pre>
 *
 * <p>Loading validates the config and every tensor's name, dtype and shape against the model before changing it, and
 * fails with an {@link AdapterFormatException} naming the file and the field or tensor; a corrupt or truncated
 * safetensors file fails in {@link SafetensorsFile} with the file named. Every file is written atomically (temporary
 * file, then rename) and {@code badit_config.json} last, so a reader never sees a config whose tensors are not there.
 *
 * <p>Exports: {@link #exportMergedTask} (task router: a full Hugging Face model whose weights carry one task's
 * update), {@link #exportMerged} (static router and the LoRA family), and {@link #exportStaticLora} (a PEFT LoRA for
 * the original base).
 */
public final class AdapterFiles {

    /** The configuration file of every method's adapter. */
    public static final String CONFIG_FILE = BaditAdapterConfig.FILE_NAME;
    /** The adapter weights (shared name with PEFT). */
    public static final String WEIGHTS_FILE = PeftAdapter.WEIGHTS_FILE;
    /** The residual base weights (shared name with PEFT's residual adapters). */
    public static final String RESIDUAL_FILE = PeftAdapter.RESIDUAL_FILE;
    /** BADIT's experts at initialization. */
    public static final String INITIAL_FILE = "initial_experts.safetensors";
    /** The expert adapter file's header metadata. */
    static final Map<String, String> METADATA = Map.of("format", "pt", "badit_version", "1");

    private static final Logger logger = LoggerFactory.getLogger(AdapterFiles.class);

    private AdapterFiles() {}

    /**
     * Saves the adapter of a model, base model unknown.
     *
     * @param model the adapted model
     * @param dir the adapter directory (created if needed)
     * @return the configuration written
     */
    public static BaditAdapterConfig save(AdaptedModel model, Path dir) {
        return save(model, dir, null);
    }

    /**
     * Saves the adapter of a model: the LoRA family in PEFT's format, expert methods in BADIT's, both with
     * {@code badit_config.json}.
     *
     * @param model the adapted model (not merged)
     * @param dir the adapter directory (created if needed)
     * @param baseModelNameOrPath recorded as {@code base_model_name_or_path}; may be null
     * @return the configuration written
     */
    public static BaditAdapterConfig save(AdaptedModel model, Path dir, String baseModelNameOrPath) {
        MethodConfig config = model.config();
        List<String> modules = new ArrayList<>(model.injection().layers().keySet());
        model.injection().layers().forEach((path, layer) -> {
            if (layer.isMerged()) {
                throw new IllegalStateException("module '" + path + "' is merged; unmerge before saving");
            }
        });
        BaditAdapterConfig written;
        if (!config.method().hasExperts()) {
            LoraConfig lora = Methods.loraConfig(config).toBuilder().optBaseModelNameOrPath(baseModelNameOrPath)
                    .build();
            PeftAdapter.save(dir, model.model(), lora);
            deleteStale(dir.resolve(INITIAL_FILE));
            written = new BaditAdapterConfig(BaditAdapterConfig.FORMAT_VERSION, BaditAdapterConfig.TENSORS_PEFT,
                    config, lora.modifiesBase(), false, baseModelNameOrPath, modules,
                    List.of("lora_A.weight", "lora_B.weight"));
        } else {
            written = saveExperts(model, dir, baseModelNameOrPath, modules);
        }
        written.write(dir.resolve(CONFIG_FILE));
        logger.info("saved {} adapter of {} modules to {}", config.method().id(), modules.size(), dir);
        return written;
    }

    private static BaditAdapterConfig saveExperts(AdaptedModel model, Path dir, String baseModelNameOrPath,
            List<String> modules) {
        Map<String, BaditLinear> layers = model.expertLayers();
        boolean residual = !model.config().method().keepsPretrainedBase();
        boolean initial = residual && layers.values().stream().allMatch(l -> l.initialA() != null);
        SafetensorsWriter adapter = SafetensorsWriter.builder().optMetadata(METADATA).build();
        SafetensorsWriter res = SafetensorsWriter.builder().optMetadata(METADATA).build();
        SafetensorsWriter init = SafetensorsWriter.builder().optMetadata(METADATA).build();
        List<String> saved = null;
        for (Map.Entry<String, BaditLinear> e : layers.entrySet()) {
            String path = e.getKey();
            BaditLinear layer = e.getValue();
            Map<String, NDArray> tensors = ExpertTensors.layerTensors(layer);
            tensors.forEach((local, array) -> adapter.add(ExpertTensors.key(path, local), array));
            if (saved == null) {
                saved = ExpertTensors.localNames(tensors);
            }
            if (residual) {
                res.add(ExpertTensors.residualKey(path), layer.baseWeightArray());
            }
            if (initial) {
                init.add(ExpertTensors.key(path, "experts_A"), layer.initialA());
                init.add(ExpertTensors.key(path, "experts_B"), layer.initialB());
            }
        }
        adapter.write(dir.resolve(WEIGHTS_FILE));
        if (residual) {
            res.write(dir.resolve(RESIDUAL_FILE));
        } else {
            deleteStale(dir.resolve(RESIDUAL_FILE));
        }
        if (initial) {
            init.write(dir.resolve(INITIAL_FILE));
        } else {
            deleteStale(dir.resolve(INITIAL_FILE));
            if (residual) {
                logger.warn("{}: the layers do not know their initial experts, so this adapter cannot be exported "
                        + "for the original base later (exportStaticLora)", dir);
            }
        }
        // A PEFT config left by an earlier save would make PEFT (and readers that look for it) see the wrong adapter.
        deleteStale(dir.resolve(PeftAdapter.CONFIG_FILE));
        deleteStale(dir.resolve(PeftAdapter.INITIAL_FILE));
        return new BaditAdapterConfig(BaditAdapterConfig.FORMAT_VERSION, BaditAdapterConfig.TENSORS_BADIT,
                model.config(), residual, initial, baseModelNameOrPath, modules, saved);
    }

    /**
     * Reads an adapter directory's configuration.
     *
     * @param dir the adapter directory
     * @return the configuration
     * @throws AdapterFormatException naming the file and field
     */
    public static BaditAdapterConfig readConfig(Path dir) {
        return BaditAdapterConfig.read(dir.resolve(CONFIG_FILE));
    }

    /**
     * Loads an adapter onto a base model: validates everything first, then re-injects the same layers with
     * {@link Methods#apply} and overwrites the residual base, the experts and the router with the saved tensors, so
     * the result does not depend on the SVD being deterministic. A directory with only PEFT's files (no
     * {@code badit_config.json}) loads as a LoRA-family adapter.
     *
     * @param base the base model with the pretrained weights (modified: adapters are injected)
     * @param dir the adapter directory
     * @return the adapted model, computing what the saved model computed
     * @throws AdapterFormatException naming the file and the field or tensor on any mismatch; the model is then left
     *     unchanged
     */
    public static AdaptedModel load(DecoderLM base, Path dir) {
        return AdapterLoader.load(base, dir);
    }

    /**
     * Exports one task of a task-router model as a full Hugging Face model directory ({@code config.json},
     * {@code model.safetensors}) whose adapted weights are {@code W_res + s·Σ_k α_task,k·B_k·A_k}: that task at the
     * base model's inference cost.
     *
     * @param model the adapted model; its expert layers must use the task router
     * @param task the task id
     * @param dir the output directory (created if needed)
     */
    public static void exportMergedTask(AdaptedModel model, int task, Path dir) {
        Map<String, BaditLinear> layers = model.expertLayers();
        if (layers.isEmpty() || layers.size() != model.injection().layers().size()) {
            throw new IllegalArgumentException("per-task merging needs expert layers with a task router; "
                    + model.config().method().id() + " has none (use exportMerged)");
        }
        layers.forEach((path, layer) -> {
            if (!(layer.router() instanceof TaskRouter)) {
                throw new IllegalArgumentException("module '" + path + "' has a " + layer.router().type()
                        + " router; per-task merging needs the task router");
            }
            int tasks = ((TaskRouter) layer.router()).tasks();
            if (task < 0 || task >= tasks) {
                throw new IllegalArgumentException("task id " + task + " outside [0, " + tasks + ")");
            }
        });
        MergedExport.write(model, dir, layer -> ((BaditLinear) layer).deltaWeight(task));
        logger.info("exported task {} merged into a full model at {}", task, dir);
    }

    /**
     * Exports a model whose update is one fixed matrix per layer (static router, or the LoRA family) as a full
     * Hugging Face model directory with {@code W_res + ΔW} in place of each adapted weight.
     *
     * @param model the adapted model
     * @param dir the output directory (created if needed)
     * @throws UnsupportedOperationException for input-dependent or task routers (see {@link #exportMergedTask})
     */
    public static void exportMerged(AdaptedModel model, Path dir) {
        MergedExport.write(model, dir, AdaptedLinear::deltaWeight);
        logger.info("exported the merged model to {}", dir);
    }

    /**
     * Exports a static approximation of the adapter as a PEFT LoRA of the <em>original</em> base weights: the experts
     * side by side with fixed mixing weights α, plus the initialization correction {@code −s·Σ_k B0_k·A0_k} so that it
     * applies to W rather than W_res (rank 2·K·r; K·r for LoRAMoE, whose base is W). α is, per layer, the static
     * router's α; for other routers 1 (the routers' value at initialization: exact only while they have not moved)
     * unless given. The LoRA family exports exactly (a residual adapter in PEFT's base-compatible rank-2r form).
     *
     * @param model the adapted model
     * @param dir the output directory (created if needed)
     * @param alpha none: the default above; one {@code [K]} array: the same α for every layer; one per adapted layer
     *     (model order): each layer's α (e.g. the mean routing over a probe set)
     * @return the PEFT configuration written
     */
    public static LoraConfig exportStaticLora(AdaptedModel model, Path dir, double[]... alpha) {
        int layers = model.expertLayers().size();
        if (alpha.length > 0 && !model.config().method().hasExperts()) {
            throw new IllegalArgumentException(model.config().method().id() + " has no experts to weigh");
        }
        if (alpha.length > 1 && alpha.length != layers) {
            throw new IllegalArgumentException("give no α, one α for all layers, or one per adapted layer ("
                    + layers + "); got " + alpha.length);
        }
        int k = model.config().experts();
        for (double[] a : alpha) {
            if (a.length != k) {
                throw new IllegalArgumentException("each α needs K = " + k + " values, got " + a.length);
            }
        }
        return StaticLoraExport.write(model, dir, (i, layer, scope) -> {
            if (alpha.length > 0) {
                double[] a = alpha[alpha.length == 1 ? 0 : i];
                return scope.create(a).toType(layer.expertsA().getArray().getDataType(), false)
                        .toDevice(layer.manager().getDevice(), false);
            }
            NDArray fixed = layer.router().staticWeights();
            return fixed != null ? fixed : scope.ones(new Shape(k), layer.expertsA().getArray().getDataType(),
                    layer.manager().getDevice());
        });
    }

    /**
     * Exports one task of a task-router model as an exact PEFT LoRA of the original base (α = that task's α).
     *
     * @param model the adapted model (task router)
     * @param task the task id
     * @param dir the output directory (created if needed)
     * @return the PEFT configuration written
     */
    public static LoraConfig exportTaskLora(AdaptedModel model, int task, Path dir) {
        return StaticLoraExport.write(model, dir, (i, layer, scope) -> {
            if (!(layer.router() instanceof TaskRouter)) {
                throw new IllegalArgumentException("a per-task LoRA needs the task router, not " + layer.router()
                        .type());
            }
            NDArray a = ((TaskRouter) layer.router()).taskWeights(task);
            a.attach(scope);
            return a;
        });
    }

    static void deleteStale(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale " + file, e);
        }
    }
}
