package org.badit.lora.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.core.Linear;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.lora.io.SafetensorsFile;
import org.badit.lora.io.SafetensorsWriter;
import org.badit.lora.AdapterInjector;
import org.badit.lora.InjectionReport;
import org.badit.lora.LoraConfig;
import org.badit.lora.LoraInjector;
import org.badit.lora.nn.AdaptedLinear;
import org.badit.lora.nn.BlockTree;
import org.badit.lora.nn.LoraLinear;

/**
 * LoRA adapters in the Hugging Face PEFT format, so adapters move between this library and PEFT/vLLM/llama.cpp.
 *
 * <pre>
 *   adapter_dir/
 *     adapter_config.json             peft_type LORA, r, lora_alpha, target_modules, init_lora_weights, use_rslora, ...
 *     adapter_model.safetensors       base_model.model.&lt;module path&gt;.lora_A.weight  [r, in]
 *                                     base_model.model.&lt;module path&gt;.lora_B.weight  [out, r]
 *                                     header metadata {"format": "pt"}
 *     residual_base.safetensors       only for PiSSA/MiLoRA/OLoRA saved as is: &lt;module path&gt;.weight [out, in],
 *                                     the residual base weights the adapter was trained on (HF checkpoint names)
 *     initial_adapter.safetensors     with it: A0, B0 as subtracted from the base (PEFT keys, a rank-r adapter),
 *                                     so a reloaded adapter can still be exported base-compatible
 * </pre>
 *
 * <p>An SVD/QR-initialized adapter only reproduces the trained function on its residual base. Two ways to ship it:
 * {@link #save} writes the adapter with the residual base weights beside it; {@link #saveBaseCompatible} converts it
 * to a rank-2r LoRA of the <em>original</em> base (PEFT's {@code convert_pissa_to_lora}):
 * {@code A' = [A; A0]}, {@code B' = [B | −B0]}, since {@code W_res + s·B·A = W − s·B0·A0 + s·B·A = W + s·B'·A'}.
 *
 * <p>Loading checks every name, shape and dtype against the model before it changes anything, and fails with a message
 * naming the file and tensor (PEFT itself only warns): an {@link AdapterFormatException}, or a
 * {@link org.badit.lora.io.SafetensorsException} for a corrupt or truncated safetensors file. Files are written atomically (temporary file, then rename);
 * the config is written last.
 */
public final class PeftAdapter {

    /** The adapter configuration file. */
    public static final String CONFIG_FILE = "adapter_config.json";
    /** The adapter weights file. */
    public static final String WEIGHTS_FILE = "adapter_model.safetensors";
    /** The residual base weights of an SVD/QR-initialized adapter saved as is. */
    public static final String RESIDUAL_FILE = "residual_base.safetensors";
    /** The initial factors A0, B0 of an SVD/QR-initialized adapter saved as is. */
    public static final String INITIAL_FILE = "initial_adapter.safetensors";
    /** PEFT's prefix of tensor names: the PeftModel wraps the model as {@code base_model.model}. */
    public static final String KEY_PREFIX = "base_model.model.";

    private static final Map<String, String> METADATA = Map.of("format", "pt");

    private PeftAdapter() {}

    /**
     * The tensor name of a module's A.
     *
     * @param path the module path
     * @return {@code base_model.model.<path>.lora_A.weight}
     */
    public static String keyA(String path) {
        return KEY_PREFIX + path + "." + LoraLinear.LORA_A + ".weight";
    }

    /**
     * The tensor name of a module's B.
     *
     * @param path the module path
     * @return {@code base_model.model.<path>.lora_B.weight}
     */
    public static String keyB(String path) {
        return KEY_PREFIX + path + "." + LoraLinear.LORA_B + ".weight";
    }

    /**
     * Saves the model's LoRA adapter as it is; for residual initializations the residual base weights go to
     * {@value #RESIDUAL_FILE} in the same directory.
     *
     * @param dir the adapter directory (created if needed)
     * @param root the adapted model
     * @param config the configuration the adapter was injected with
     */
    public static void save(Path dir, Block root, LoraConfig config) {
        Map<String, LoraLinear> layers = layersToSave(root, config);
        SafetensorsWriter adapter = SafetensorsWriter.builder().optMetadata(METADATA).build();
        SafetensorsWriter residual = SafetensorsWriter.builder().optMetadata(METADATA).build();
        SafetensorsWriter initial = SafetensorsWriter.builder().optMetadata(METADATA).build();
        boolean anyResidual = false;
        for (Map.Entry<String, LoraLinear> e : layers.entrySet()) {
            LoraLinear l = e.getValue();
            adapter.add(keyA(e.getKey()), l.loraA().getArray());
            adapter.add(keyB(e.getKey()), l.loraB().getArray());
            if (l.hasResidualBase()) {
                residual.add(e.getKey() + ".weight", l.baseWeightArray());
                initial.add(keyA(e.getKey()), l.initialA());
                initial.add(keyB(e.getKey()), l.initialB());
                anyResidual = true;
            }
        }
        adapter.write(dir.resolve(WEIGHTS_FILE));
        if (anyResidual) {
            residual.write(dir.resolve(RESIDUAL_FILE));
            initial.write(dir.resolve(INITIAL_FILE));
        } else {
            deleteStale(dir.resolve(RESIDUAL_FILE));
            deleteStale(dir.resolve(INITIAL_FILE));
        }
        AdapterConfigJson.write(dir.resolve(CONFIG_FILE), config);
    }

    /**
     * Saves an SVD/QR-initialized adapter as a rank-2r LoRA of the original (pretrained) base weights.
     *
     * @param dir the adapter directory (created if needed)
     * @param root the adapted model, whose layers were built with PiSSA, MiLoRA or OLoRA
     * @param config the configuration the adapter was injected with
     * @return the configuration written: r' = 2r, lora_alpha' so that the scaling is unchanged, init {@code true}
     */
    public static LoraConfig saveBaseCompatible(Path dir, Block root, LoraConfig config) {
        Map<String, LoraLinear> layers = layersToSave(root, config);
        LoraConfig converted = config.toBuilder().optR(2 * config.r())
                .optLoraAlpha((float) (config.useRslora() ? config.loraAlpha() * Math.sqrt(2) : 2 * config.loraAlpha()))
                .optInitLoraWeights("true").build();
        for (Map.Entry<String, LoraLinear> e : layers.entrySet()) {
            if (!e.getValue().hasResidualBase()) {
                throw new IllegalArgumentException("module '" + e.getKey() + "' has the pretrained weight as its base "
                        + "(init_lora_weights=" + e.getValue().initName() + "): it is base-compatible already; use "
                        + "save()");
            }
        }
        NDManager scope = layers.values().iterator().next().manager().newSubManager();
        try (scope) {
            SafetensorsWriter adapter = SafetensorsWriter.builder().optMetadata(METADATA).build();
            for (Map.Entry<String, LoraLinear> e : layers.entrySet()) {
                LoraLinear l = e.getValue();
                NDArray a = l.loraA().getArray().concat(l.initialA(), 0);
                NDArray b = l.loraB().getArray().concat(l.initialB().neg(), 1);
                new NDList(a, b).attach(scope);
                adapter.add(keyA(e.getKey()), a);
                adapter.add(keyB(e.getKey()), b);
            }
            adapter.write(dir.resolve(WEIGHTS_FILE));
        }
        deleteStale(dir.resolve(RESIDUAL_FILE));
        deleteStale(dir.resolve(INITIAL_FILE));
        AdapterConfigJson.write(dir.resolve(CONFIG_FILE), converted);
        return converted;
    }

    /**
     * Reads an adapter directory's configuration.
     *
     * @param dir the adapter directory
     * @return the configuration
     */
    public static LoraConfig readConfig(Path dir) {
        Path file = dir.resolve(CONFIG_FILE);
        if (!Files.isRegularFile(file)) {
            throw new AdapterFormatException(file, "missing adapter config (is " + dir + " a PEFT adapter directory?)");
        }
        return AdapterConfigJson.read(file);
    }

    /**
     * Injects a saved adapter into a model of pretrained weights: validates everything first, then injects LoRA
     * layers and copies A, B (and the residual base weights, if the adapter has them).
     *
     * @param dir the adapter directory
     * @param root the model (its targeted modules still plain Linear layers)
     * @return the injection report
     * @throws AdapterFormatException naming the file and tensor/field on any mismatch
     */
    public static InjectionReport load(Path dir, Block root) {
        Path configFile = dir.resolve(CONFIG_FILE);
        LoraConfig config = readConfig(dir);
        List<String> paths;
        try {
            paths = AdapterInjector.select(root, config.targetModules());
        } catch (IllegalArgumentException e) {
            throw new AdapterFormatException(configFile, "field \"target_modules\": " + e.getMessage(), e);
        }
        Map<String, Shape[]> expected = new LinkedHashMap<>();
        Map<String, Shape> residualShapes = new LinkedHashMap<>();
        for (String path : paths) {
            Shape w = AdaptedLinear.arraysOf((Linear) BlockTree.find(root, path))[0].getShape();
            expected.put(path, new Shape[] {new Shape(config.r(), w.get(1)), new Shape(w.get(0), config.r())});
            residualShapes.put(path + ".weight", w);
        }
        Path weightsFile = dir.resolve(WEIGHTS_FILE);
        Path residualFile = dir.resolve(RESIDUAL_FILE);
        boolean residual = config.modifiesBase();
        if (residual && !Files.isRegularFile(residualFile)) {
            throw new AdapterFormatException(residualFile, "missing: adapter_config.json says init_lora_weights="
                    + config.initLoraWeights() + ", so lora_A/lora_B apply to residual base weights, which this file "
                    + "would hold. Save with PeftAdapter.save (writes it) or saveBaseCompatible (no residual needed)");
        }
        Path initialFile = dir.resolve(INITIAL_FILE);
        try (SafetensorsFile adapter = SafetensorsFile.open(weightsFile);
                SafetensorsFile res = residual ? SafetensorsFile.open(residualFile) : null;
                SafetensorsFile init = residual && Files.isRegularFile(initialFile)
                        ? SafetensorsFile.open(initialFile) : null) {
            Map<String, Shape> shapes = new LinkedHashMap<>();
            expected.forEach((path, s) -> {
                shapes.put(keyA(path), s[0]);
                shapes.put(keyB(path), s[1]);
            });
            validate(adapter, shapes, config);
            if (res != null) {
                validate(res, residualShapes, config);
            }
            if (init != null) {
                validate(init, shapes, config);
            }
            LoraConfig fresh = config.toBuilder().optInitLoraWeights("true").build();
            InjectionReport report = AdapterInjector.builder().setTargets(config.targetModules())
                    .setFactory(LoraInjector.factory(fresh)).build().inject(root);
            for (Map.Entry<String, AdaptedLinear> e : report.layers().entrySet()) {
                LoraLinear l = (LoraLinear) e.getValue();
                try (NDManager scope = l.manager().newSubManager()) {
                    NDArray a = adapter.load(keyA(e.getKey()), scope, l.loraA().getArray().getDataType());
                    NDArray b = adapter.load(keyB(e.getKey()), scope, l.loraB().getArray().getDataType());
                    l.setLoraWeights(a, b);
                    if (res != null) {
                        l.setBaseWeight(res.load(e.getKey() + ".weight", scope, l.baseWeightArray().getDataType()));
                    }
                    if (init != null) {
                        l.setInitialFactors(init.load(keyA(e.getKey()), scope, a.getDataType()),
                                init.load(keyB(e.getKey()), scope, b.getDataType()));
                    }
                }
            }
            return report;
        }
    }

    /**
     * Loads A and B into layers that already exist (resuming training), validating names, shapes and dtypes first.
     *
     * @param file an {@code adapter_model.safetensors}
     * @param layers the LoRA layers by module path ({@link LoraInjector#loraLayers(Block)})
     */
    public static void loadWeights(Path file, Map<String, LoraLinear> layers) {
        Map<String, Shape> shapes = new LinkedHashMap<>();
        layers.forEach((path, l) -> {
            shapes.put(keyA(path), l.loraA().getArray().getShape());
            shapes.put(keyB(path), l.loraB().getArray().getShape());
        });
        try (SafetensorsFile adapter = SafetensorsFile.open(file)) {
            validate(adapter, shapes, null);
            for (Map.Entry<String, LoraLinear> e : layers.entrySet()) {
                LoraLinear l = e.getValue();
                try (NDManager scope = l.manager().newSubManager()) {
                    l.setLoraWeights(adapter.load(keyA(e.getKey()), scope, l.loraA().getArray().getDataType()),
                            adapter.load(keyB(e.getKey()), scope, l.loraB().getArray().getDataType()));
                }
            }
        }
    }

    private static void validate(SafetensorsFile file, Map<String, Shape> expected, LoraConfig config) {
        TensorChecks.checkTensors(file, expected, " for a module the adapter's target_modules select",
                config == null ? "" : " (r=" + config.r() + " from " + CONFIG_FILE + ")",
                names -> "tensor " + names + " belongs to no module the adapter's target_modules select in this model");
    }

    private static Map<String, LoraLinear> layersToSave(Block root, LoraConfig config) {
        Map<String, LoraLinear> layers = LoraInjector.loraLayers(root);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("the model has no LoRA layers to save");
        }
        for (Map.Entry<String, LoraLinear> e : layers.entrySet()) {
            LoraLinear l = e.getValue();
            if (l.isMerged()) {
                throw new IllegalStateException("module '" + e.getKey() + "' is merged; unmerge before saving");
            }
            if (l.rank() != config.r()) {
                throw new IllegalArgumentException("module '" + e.getKey() + "' has rank " + l.rank()
                        + " but the config says r=" + config.r());
            }
        }
        return layers;
    }

    private static void deleteStale(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove stale " + file, e);
        }
    }
}
