package org.badit.core.adapter;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.core.expert.BaditLinear;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.Methods;
import org.badit.core.model.DecoderLM;
import org.badit.lora.io.SafetensorsFile;
import org.badit.lora.AdapterInjector;
import org.badit.lora.InjectionReport;
import org.badit.lora.LoraConfig;
import org.badit.lora.io.AdapterFormatException;
import org.badit.lora.io.PeftAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link AdapterFiles#load}: validation of every file against the model first, then injection and restore. */
final class AdapterLoader {

    private static final String CONFIG_FILE = AdapterFiles.CONFIG_FILE;
    private static final Logger logger = LoggerFactory.getLogger(AdapterLoader.class);

    private AdapterLoader() {}

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
    static AdaptedModel load(DecoderLM base, Path dir) {
        Path configFile = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            if (Files.isRegularFile(dir.resolve(PeftAdapter.CONFIG_FILE))) {
                return loadPlainPeft(base, dir);
            }
            throw new AdapterFormatException(configFile, "missing: " + dir + " holds neither " + CONFIG_FILE
                    + " nor PEFT's " + PeftAdapter.CONFIG_FILE + "; is it an adapter directory?");
        }
        BaditAdapterConfig saved = BaditAdapterConfig.read(configFile);
        MethodConfig config = saved.method();
        List<String> paths = selectModules(base, saved, configFile);
        if (saved.tensorFormat().equals(BaditAdapterConfig.TENSORS_PEFT)) {
            LoraConfig lora = PeftAdapter.readConfig(dir);
            if (lora.r() != config.totalRank()) {
                throw new AdapterFormatException(dir.resolve(PeftAdapter.CONFIG_FILE), "field \"r\" is " + lora.r()
                        + " but " + CONFIG_FILE + " says experts·rank = " + config.totalRank());
            }
            InjectionReport report = PeftAdapter.load(dir, base);
            return new AdaptedModel(base, config, report, null);
        }
        return loadExperts(base, dir, saved, paths);
    }

    private static List<String> selectModules(DecoderLM base, BaditAdapterConfig saved, Path configFile) {
        List<String> paths;
        try {
            paths = AdapterInjector.select(base, saved.method().targets());
        } catch (IllegalArgumentException e) {
            throw new AdapterFormatException(configFile, "field \"target_modules\": " + e.getMessage(), e);
        }
        if (!paths.equals(saved.modules())) {
            List<String> missing = new ArrayList<>(saved.modules());
            missing.removeAll(paths);
            List<String> extra = new ArrayList<>(paths);
            extra.removeAll(saved.modules());
            throw new AdapterFormatException(configFile, "field \"modules\" does not match this model: target_modules "
                    + "select " + paths.size() + " modules here, the adapter has " + saved.modules().size()
                    + (missing.isEmpty() ? "" : "; not in the model: " + abbreviate(missing))
                    + (extra.isEmpty() ? "" : "; not in the adapter: " + abbreviate(extra)));
        }
        return paths;
    }

    private static AdaptedModel loadExperts(DecoderLM base, Path dir, BaditAdapterConfig saved, List<String> paths) {
        MethodConfig config = saved.method();
        Path configFile = dir.resolve(CONFIG_FILE);
        Map<String, Shape> adapterShapes = new LinkedHashMap<>();
        Map<String, Shape> residualShapes = new LinkedHashMap<>();
        Map<String, Shape> initialShapes = new LinkedHashMap<>();
        Path weightsFile = dir.resolve(AdapterFiles.WEIGHTS_FILE);
        SafetensorsFile.open(weightsFile).close(); // a corrupt or truncated file is reported as such, first
        for (String path : paths) {
            refuseSizesTheFileCannotHold(configFile, weightsFile, config, ExpertTensors.weightShape(base, path));
            Map<String, Shape> local = ExpertTensors.expectedShapes(base, base.getManager(), path, config);
            if (!new ArrayList<>(local.keySet()).equals(saved.savedTensors())) {
                throw new AdapterFormatException(configFile, "field \"saved_tensors\" is " + saved.savedTensors()
                        + " but a " + config.method().id() + " layer with a " + config.router().id()
                        + " router saves " + local.keySet());
            }
            local.forEach((name, shape) -> adapterShapes.put(ExpertTensors.key(path, name), shape));
            residualShapes.put(ExpertTensors.residualKey(path), ExpertTensors.weightShape(base, path));
            initialShapes.put(ExpertTensors.key(path, "experts_A"), local.get("experts_A"));
            initialShapes.put(ExpertTensors.key(path, "experts_B"), local.get("experts_B"));
        }
        String hint = "K=" + config.experts() + ", r=" + config.rank() + ", router " + config.router().id()
                + " from " + CONFIG_FILE;
        Path residualFile = dir.resolve(AdapterFiles.RESIDUAL_FILE);
        Path initialFile = dir.resolve(AdapterFiles.INITIAL_FILE);
        requireFile(residualFile, saved.residual(), "\"residual\": true");
        requireFile(initialFile, saved.initialExperts(), "\"initial_experts\": true");
        try (SafetensorsFile adapter = SafetensorsFile.open(weightsFile);
                SafetensorsFile res = saved.residual() ? SafetensorsFile.open(residualFile) : null;
                SafetensorsFile init = saved.initialExperts() ? SafetensorsFile.open(initialFile) : null) {
            ExpertTensors.validate(adapter, adapterShapes, hint);
            if (res != null) {
                ExpertTensors.validate(res, residualShapes, "the model's weight");
            }
            if (init != null) {
                ExpertTensors.validate(init, initialShapes, hint);
            }
            // Everything checked: only now change the model.
            AdaptedModel model = Methods.apply(base, config);
            for (Map.Entry<String, BaditLinear> e : model.expertLayers().entrySet()) {
                restore(e.getKey(), e.getValue(), adapter, res, init);
            }
            logger.info("loaded {} adapter of {} modules from {}", config.method().id(), paths.size(), dir);
            return model;
        }
    }

    /**
     * The expected shapes come from a throw-away router that allocates arrays sized by the config's {@code experts}
     * and {@code tasks}: numbers the weights file is too small to hold (each module has K·r·in elements of
     * experts_A, a task router T·K) are refused before anything is allocated.
     */
    private static void refuseSizesTheFileCannotHold(Path configFile, Path weightsFile, MethodConfig config,
            Shape weight) {
        long size;
        try {
            size = Files.size(weightsFile);
        } catch (java.io.IOException e) {
            throw new AdapterFormatException(weightsFile, "cannot read: " + e, e);
        }
        double bytesPerElement = 2; // the smallest floating-point dtype
        double expertsA = bytesPerElement * config.experts() * config.rank() * weight.get(1);
        if (expertsA > size) {
            throw new AdapterFormatException(configFile, "fields \"experts\" = " + config.experts() + " and \"rank\" = "
                    + config.rank() + " need experts_A tensors of " + config.experts() + "·" + config.rank() + "·"
                    + weight.get(1) + " elements, more than " + weightsFile.getFileName() + " (" + size
                    + " bytes) holds");
        }
        if (config.router() == org.badit.core.method.RouterType.TASK
                && bytesPerElement * config.tasks() * config.experts() > size) {
            throw new AdapterFormatException(configFile, "field \"tasks\" = " + config.tasks() + " needs a task router "
                    + "of " + config.tasks() + "·" + config.experts() + " elements, more than "
                    + weightsFile.getFileName() + " (" + size + " bytes) holds");
        }
    }

    private static void restore(String path, BaditLinear layer, SafetensorsFile adapter, SafetensorsFile res,
            SafetensorsFile init) {
        try (NDManager scope = layer.manager().newSubManager()) {
            Map<String, NDArray> targets = ExpertTensors.layerTensors(layer);
            for (Map.Entry<String, NDArray> t : targets.entrySet()) {
                NDArray target = t.getValue();
                overwrite(target, adapter.load(ExpertTensors.key(path, t.getKey()), scope, target.getDataType()));
            }
            NDArray recomputedResidual = null;
            if (res != null) {
                NDArray w = layer.baseWeightArray();
                recomputedResidual = w.duplicate();
                recomputedResidual.attach(scope);
                overwrite(w, res.load(ExpertTensors.residualKey(path), scope, w.getDataType()));
            }
            NDManager owner = layer.manager();
            if (init != null) {
                NDArray a0 = init.load(ExpertTensors.key(path, "experts_A"), owner, layer.expertsA().getArray()
                        .getDataType());
                NDArray b0 = init.load(ExpertTensors.key(path, "experts_B"), owner, layer.expertsB().getArray()
                        .getDataType());
                layer.setInitialExperts(a0, b0);
            } else if (layer.initialA() != null && recomputedResidual != null) {
                // The re-injection's initial experts belong to its own W_res; they stay valid for the loaded W_res
                // only when the two agree to float round-off (a deterministic SVD), otherwise the export for the
                // original base would be wrong, so they are dropped.
                float diff = recomputedResidual.sub(layer.baseWeightArray()).abs().max().getFloat();
                float scale = recomputedResidual.abs().max().getFloat();
                if (diff > 1e-5f * Math.max(scale, 1e-30f)) {
                    logger.warn("module '{}': no saved initial experts and the recomputed decomposition differs "
                            + "(max |ΔW_res| = {}); exportStaticLora will refuse this model", path, diff);
                    layer.setInitialExperts(null, null);
                }
            }
        }
    }

    /** In-place copy keeping the target's identity (the optimizer and the block hold that array). */
    private static void overwrite(NDArray target, NDArray value) {
        target.set(new NDIndex("..."), value.toDevice(target.getDevice(), false));
    }

    private static AdaptedModel loadPlainPeft(DecoderLM base, Path dir) {
        LoraConfig lora = PeftAdapter.readConfig(dir);
        String init = lora.initLoraWeights();
        Method method = init.startsWith("pissa") ? Method.PISSA : init.equals("milora") ? Method.MILORA
                : init.equals("olora") ? Method.OLORA : Method.LORA;
        // A PEFT adapter has one rank: described as one "expert" of rank r with the same scaling.
        MethodConfig config = MethodConfig.builder().setMethod(method).optExperts(1).optRank(lora.r())
                .optAlpha(lora.scaling() * lora.r()).optTargets(lora.targetModules()).optDropout(lora.loraDropout())
                .optSeed(lora.seed()).build();
        InjectionReport report = PeftAdapter.load(dir, base);
        return new AdaptedModel(base, config, report, null);
    }

    private static void requireFile(Path file, boolean required, String because) {
        if (required && !Files.isRegularFile(file)) {
            throw new AdapterFormatException(file, "missing, but " + CONFIG_FILE + " says " + because);
        }
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 4 ? names.toString() : names.subList(0, 4) + " and " + (names.size() - 4) + " more";
    }
}
