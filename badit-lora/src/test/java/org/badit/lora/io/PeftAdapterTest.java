package org.badit.lora.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.badit.lora.engine.Engines;
import org.badit.lora.io.SafetensorsException;
import org.badit.lora.io.SafetensorsFile;
import org.badit.lora.io.SafetensorsWriter;
import org.badit.lora.InjectionReport;
import org.badit.lora.LoraConfig;
import org.badit.lora.LoraInjector;
import org.badit.lora.TargetModules;
import org.badit.lora.ToyDecoder;
import org.badit.lora.nn.LoraLinear;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeftAdapterTest {

    @TempDir
    Path tmp;

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    /** Two models with identical pretrained weights (same seed of the engine's initializer). */
    private ToyDecoder model() {
        ai.djl.engine.Engine.getEngine(Engines.ENGINE_NAME).setRandomSeed(42);
        return new ToyDecoder(manager, 2);
    }

    private static void perturb(ToyDecoder model, NDManager m) {
        for (LoraLinear l : LoraInjector.loraLayers(model).values()) {
            l.loraA().getArray().addi(m.randomNormal(l.loraA().getArray().getShape()).mul(0.1f));
            l.loraB().getArray().addi(m.randomNormal(l.loraB().getArray().getShape()).mul(0.1f));
        }
    }

    private static float maxDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    private LoraConfig config(String init) {
        return LoraConfig.builder().setTargetModules("q_proj", "v_proj", "down_proj").optR(2).optLoraAlpha(4f)
                .optInitLoraWeights(init).optBaseModelNameOrPath("toy").build();
    }

    @Test
    void saveLoadRoundTripIsExact() throws IOException {
        ToyDecoder trained = model();
        LoraConfig cfg = config("gaussian");
        LoraInjector.inject(trained, cfg);
        perturb(trained, manager);
        PeftAdapter.save(tmp, trained, cfg);

        JsonObject json = JsonParser.parseString(Files.readString(tmp.resolve("adapter_config.json")))
                .getAsJsonObject();
        assertEquals("LORA", json.get("peft_type").getAsString());
        assertEquals(4, json.get("lora_alpha").getAsInt());
        assertEquals("gaussian", json.get("init_lora_weights").getAsString());
        assertEquals("CAUSAL_LM", json.get("task_type").getAsString());
        try (SafetensorsFile f = SafetensorsFile.open(tmp.resolve("adapter_model.safetensors"))) {
            assertEquals(Map.of("format", "pt"), f.metadata());
            assertEquals(new Shape(2, 8), f.info("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight")
                    .shape());
            assertEquals(new Shape(8, 2), f.info("base_model.model.model.layers.1.mlp.down_proj.lora_B.weight")
                    .shape());
            assertEquals(new Shape(2, 12), f.info("base_model.model.model.layers.1.mlp.down_proj.lora_A.weight")
                    .shape());
            assertEquals(12, f.names().size());
        }
        assertFalse(Files.exists(tmp.resolve(PeftAdapter.RESIDUAL_FILE)));
        assertEquals(cfg, PeftAdapter.readConfig(tmp));

        ToyDecoder loaded = model();
        InjectionReport report = PeftAdapter.load(tmp, loaded);
        assertEquals(6, report.paths().size());
        Map<String, LoraLinear> a = LoraInjector.loraLayers(trained);
        Map<String, LoraLinear> b = LoraInjector.loraLayers(loaded);
        for (String path : a.keySet()) {
            assertEquals(0f, maxDiff(a.get(path).loraA().getArray(), b.get(path).loraA().getArray()), path);
            assertEquals(0f, maxDiff(a.get(path).loraB().getArray(), b.get(path).loraB().getArray()), path);
        }
        NDArray x = manager.randomNormal(new Shape(3, ToyDecoder.HIDDEN));
        assertEquals(0f, maxDiff(trained.run(x), loaded.run(x)));
    }

    @Test
    void pissaSavedWithResidualBaseRoundTrips() {
        ToyDecoder trained = model();
        LoraConfig cfg = config("pissa");
        LoraInjector.inject(trained, cfg);
        perturb(trained, manager);
        PeftAdapter.save(tmp, trained, cfg);
        assertTrue(Files.exists(tmp.resolve(PeftAdapter.RESIDUAL_FILE)));
        assertTrue(Files.exists(tmp.resolve(PeftAdapter.INITIAL_FILE)));
        ToyDecoder loaded = model();
        PeftAdapter.load(tmp, loaded);
        NDArray x = manager.randomNormal(new Shape(3, ToyDecoder.HIDDEN));
        NDArray adapted = trained.run(x);
        assertEquals(0f, maxDiff(adapted, loaded.run(x)));
        // A reloaded residual adapter can still be exported for the original base.
        Path converted = tmp.resolve("converted");
        PeftAdapter.saveBaseCompatible(converted, loaded, cfg);
        ToyDecoder original = model();
        PeftAdapter.load(converted, original);
        assertTrue(maxDiff(original.run(x), adapted) < 1e-4f);
    }

    @Test
    void baseCompatibleConversionReproducesTheAdaptedFunctionOnTheOriginalBase() throws IOException {
        for (String init : new String[] {"pissa_niter_4", "milora", "olora"}) {
            ToyDecoder trained = model();
            NDArray x = manager.randomNormal(new Shape(5, ToyDecoder.HIDDEN));
            NDArray pretrained = trained.run(x);
            LoraConfig cfg = config(init).toBuilder().optUseRslora(init.equals("olora")).build();
            LoraInjector.inject(trained, cfg);
            perturb(trained, manager);
            NDArray adapted = trained.run(x);
            assertTrue(maxDiff(adapted, pretrained) > 1e-3f, "the perturbation changes the function");

            Path dir = tmp.resolve(init);
            LoraConfig converted = PeftAdapter.saveBaseCompatible(dir, trained, cfg);
            assertEquals(4, converted.r());
            assertEquals(cfg.scaling(), converted.scaling(), 1e-6f);
            assertEquals("true", converted.initLoraWeights());
            assertFalse(Files.exists(dir.resolve(PeftAdapter.RESIDUAL_FILE)));

            ToyDecoder original = model();
            assertTrue(maxDiff(original.run(x), pretrained) == 0f, "a fresh model has the original base");
            PeftAdapter.load(dir, original);
            assertTrue(maxDiff(original.run(x), adapted) < 1e-4f, init + ": converted adapter on the original base");
        }
        ToyDecoder plain = model();
        LoraInjector.inject(plain, config("true"));
        assertThrows(IllegalArgumentException.class,
                () -> PeftAdapter.saveBaseCompatible(tmp.resolve("plain"), plain, config("true")));
    }

    private Path savedAdapter() {
        ToyDecoder trained = model();
        LoraConfig cfg = config("true");
        LoraInjector.inject(trained, cfg);
        PeftAdapter.save(tmp, trained, cfg);
        return tmp.resolve("adapter_model.safetensors");
    }

    @Test
    void truncatedOrCorruptAdapterFileIsAClearError() throws IOException {
        Path weights = savedAdapter();
        long size = Files.size(weights);
        try (FileChannel ch = FileChannel.open(weights, StandardOpenOption.WRITE)) {
            ch.truncate(size - 7);
        }
        SafetensorsException e = assertThrows(SafetensorsException.class, () -> PeftAdapter.load(tmp, model()));
        assertTrue(e.getMessage().contains("adapter_model.safetensors"), e.getMessage());

        Files.write(weights, new byte[] {1, 2, 3});
        e = assertThrows(SafetensorsException.class, () -> PeftAdapter.load(tmp, model()));
        assertTrue(e.getMessage().contains("adapter_model.safetensors"), e.getMessage());

        Files.writeString(tmp.resolve("adapter_config.json"), "{\"peft_type\": \"LORA\", \"r\": ");
        AdapterFormatException c = assertThrows(AdapterFormatException.class, () -> PeftAdapter.load(tmp, model()));
        assertTrue(c.getMessage().contains("adapter_config.json") && c.getMessage().contains("malformed JSON"),
                c.getMessage());
    }

    @Test
    void wrongShapeMissingOrExtraTensorIsAClearErrorAndLeavesTheModelAlone() {
        Path weights = savedAdapter();
        String key = "base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight";
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            SafetensorsWriter w = SafetensorsWriter.builder().optMetadata(Map.of("format", "pt")).build();
            for (String name : f.names()) {
                w.add(name, name.equals(key) ? manager.zeros(new Shape(3, 8)) : f.load(name, manager));
            }
            w.write(tmp.resolve("bad.safetensors"));
        }
        copy(tmp.resolve("bad.safetensors"), weights);
        ToyDecoder target = model();
        AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> PeftAdapter.load(tmp, target));
        assertTrue(e.getMessage().contains("adapter_model.safetensors") && e.getMessage().contains(key)
                && e.getMessage().contains("(3, 8)"), e.getMessage());
        assertTrue(LoraInjector.loraLayers(target).isEmpty(), "validation happens before injection");

        savedAdapter();
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            SafetensorsWriter w = SafetensorsWriter.builder().build();
            for (String name : f.names()) {
                if (!name.equals(key)) {
                    w.add(name, f.load(name, manager));
                }
            }
            w.add("base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight", manager.zeros(new Shape(2, 8)));
            w.write(tmp.resolve("bad.safetensors"));
        }
        copy(tmp.resolve("bad.safetensors"), weights);
        e = assertThrows(AdapterFormatException.class, () -> PeftAdapter.load(tmp, model()));
        assertTrue(e.getMessage().contains("missing tensor '" + key + "'"), e.getMessage());

        savedAdapter();
        try (SafetensorsFile f = SafetensorsFile.open(weights)) {
            SafetensorsWriter w = SafetensorsWriter.builder().build();
            for (String name : f.names()) {
                w.add(name, f.load(name, manager));
            }
            w.add("base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight", manager.zeros(new Shape(2, 8)));
            w.write(tmp.resolve("bad.safetensors"));
        }
        copy(tmp.resolve("bad.safetensors"), weights);
        e = assertThrows(AdapterFormatException.class, () -> PeftAdapter.load(tmp, model()));
        assertTrue(e.getMessage().contains("k_proj.lora_A.weight") && e.getMessage().contains("belongs to no module"),
                e.getMessage());
    }

    @Test
    void configProblemsNameTheField() throws IOException {
        savedAdapter();
        Path cfg = tmp.resolve("adapter_config.json");
        String good = Files.readString(cfg);
        Files.writeString(cfg, good.replace("\"q_proj\"", "\"qq_proj\""));
        AdapterFormatException e = assertThrows(AdapterFormatException.class, () -> PeftAdapter.load(tmp, model()));
        assertTrue(e.getMessage().contains("target_modules") && e.getMessage().contains("qq_proj")
                && e.getMessage().contains("Available Linear module names"), e.getMessage());
        Files.writeString(cfg, good.replace("\"use_dora\": false", "\"use_dora\": true"));
        e = assertThrows(AdapterFormatException.class, () -> PeftAdapter.load(tmp, model()));
        assertTrue(e.getMessage().contains("use_dora"), e.getMessage());
        Files.writeString(cfg, good.replace("\"r\": 2", "\"r\": \"two\""));
        e = assertThrows(AdapterFormatException.class, () -> PeftAdapter.load(tmp, model()));
        assertTrue(e.getMessage().contains("\"r\""), e.getMessage());
        Files.writeString(cfg, good.replace("\"init_lora_weights\": true", "\"init_lora_weights\": \"pissa\""));
        e = assertThrows(AdapterFormatException.class, () -> PeftAdapter.load(tmp, model()));
        assertTrue(e.getMessage().contains(PeftAdapter.RESIDUAL_FILE), e.getMessage());
        Files.delete(cfg);
        e = assertThrows(AdapterFormatException.class, () -> PeftAdapter.load(tmp, model()));
        assertTrue(e.getMessage().contains("adapter_config.json"), e.getMessage());
    }

    @Test
    void loadWeightsIntoExistingLayers() {
        ToyDecoder a = model();
        LoraConfig cfg = config("true").toBuilder().setTargetModules(TargetModules.allLinear()).build();
        LoraInjector.inject(a, cfg);
        perturb(a, manager);
        PeftAdapter.save(tmp, a, cfg);
        ToyDecoder b = model();
        LoraInjector.inject(b, cfg.toBuilder().optSeed(9).build());
        PeftAdapter.loadWeights(tmp.resolve(PeftAdapter.WEIGHTS_FILE), LoraInjector.loraLayers(b));
        NDArray x = manager.randomNormal(new Shape(2, ToyDecoder.HIDDEN));
        assertEquals(0f, maxDiff(a.run(x), b.run(x)));
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
