package org.badit.core.adapter;

import static org.badit.core.adapter.AdapterFixtures.K;
import static org.badit.core.adapter.AdapterFixtures.R;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.badit.core.method.Method;
import org.badit.core.method.RouterType;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ScratchModels;
import org.badit.lora.io.SafetensorsException;
import org.badit.lora.io.SafetensorsFile;
import org.badit.lora.io.SafetensorsWriter;
import org.badit.lora.io.AdapterFormatException;
import org.badit.lora.nn.BlockTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken adapter directories fail with a message naming the file and the field or tensor, the model untouched. */
class AdapterFormatErrorsTest {

    private static final String LAYER0 = "model.layers.0.mlp.gate_proj";
    private static final String A0 = "base_model.model." + LAYER0 + ".experts_A";

    @TempDir
    Path dir;
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = AdapterFixtures.manager();
        AdapterFiles.save(AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT, RouterType.TOKEN)),
                dir);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void missingTensor() {
        editTensors(AdapterFiles.WEIGHTS_FILE, t -> t.remove("base_model.model.model.layers.1.mlp.gate_proj.experts_B"));
        assertLoadFails(AdapterFormatException.class, "adapter_model.safetensors", "missing tensor",
                "model.layers.1.mlp.gate_proj.experts_B");
    }

    @Test
    void extraTensor() {
        editTensors(AdapterFiles.WEIGHTS_FILE, t -> t.put("base_model.model.model.layers.0.mlp.up_proj.experts_A",
                manager.zeros(new Shape(K, R, 32))));
        assertLoadFails(AdapterFormatException.class, "adapter_model.safetensors", "unexpected tensor",
                "up_proj.experts_A");
    }

    @Test
    void wrongShape() {
        editTensors(AdapterFiles.WEIGHTS_FILE, t -> t.put(A0, manager.zeros(new Shape(K, R + 1, 32))));
        assertLoadFails(AdapterFormatException.class, "adapter_model.safetensors", A0, "(4, 3, 32)", "(4, 2, 32)");
    }

    @Test
    void wrongRouterShape() {
        String gate = "base_model.model." + LAYER0 + ".router.gate";
        editTensors(AdapterFiles.WEIGHTS_FILE, t -> t.put(gate, manager.zeros(new Shape(K + 1, 32))));
        assertLoadFails(AdapterFormatException.class, "adapter_model.safetensors", gate, "router token");
    }

    @Test
    void integerTensor() {
        editTensors(AdapterFiles.WEIGHTS_FILE, t -> t.put(A0, manager.zeros(new Shape(K, R, 32), DataType.INT32)));
        assertLoadFails(AdapterFormatException.class, "adapter_model.safetensors", A0, "dtype I32");
    }

    @Test
    void wrongResidualShape() {
        editTensors(AdapterFiles.RESIDUAL_FILE, t -> t.put(LAYER0 + ".weight", manager.zeros(new Shape(64, 31))));
        assertLoadFails(AdapterFormatException.class, "residual_base.safetensors", LAYER0 + ".weight", "(64, 31)");
    }

    @Test
    void missingResidualFile() throws IOException {
        Files.delete(dir.resolve(AdapterFiles.RESIDUAL_FILE));
        assertLoadFails(AdapterFormatException.class, "residual_base.safetensors", "missing", "\"residual\": true");
    }

    @Test
    void truncatedAdapterFile() throws IOException {
        Path file = dir.resolve(AdapterFiles.WEIGHTS_FILE);
        try (FileChannel c = FileChannel.open(file, StandardOpenOption.WRITE)) {
            c.truncate(c.size() - 100);
        }
        assertLoadFails(SafetensorsException.class, "adapter_model.safetensors");
    }

    @Test
    void corruptAdapterFile() throws IOException {
        Files.write(dir.resolve(AdapterFiles.WEIGHTS_FILE), "this is no safetensors file at all".getBytes());
        assertLoadFails(SafetensorsException.class, "adapter_model.safetensors", "header length");
    }

    @Test
    void unknownMethod() {
        editConfig(c -> c.addProperty("method", "badit-xl"));
        assertLoadFails(AdapterFormatException.class, "badit_config.json", "\"method\"", "badit-xl", "known:");
    }

    @Test
    void unknownRouter() {
        editConfig(c -> c.addProperty("router", "mixture"));
        assertLoadFails(AdapterFormatException.class, "badit_config.json", "\"router\"", "mixture");
    }

    @Test
    void missingField() {
        editConfig(c -> c.remove("experts"));
        assertLoadFails(AdapterFormatException.class, "badit_config.json", "missing field \"experts\"");
    }

    @Test
    void fieldOfTheWrongType() {
        editConfig(c -> c.addProperty("rank", "eight"));
        assertLoadFails(AdapterFormatException.class, "badit_config.json", "field \"rank\" must be an integer",
                "\"eight\"");
    }

    @Test
    void nestedFieldOfTheWrongType() {
        editConfig(c -> c.getAsJsonObject("dog").addProperty("restarts", 2.5));
        assertLoadFails(AdapterFormatException.class, "badit_config.json", "field \"dog.restarts\"");
    }

    @Test
    void malformedConfig() throws IOException {
        Files.writeString(dir.resolve(AdapterFiles.CONFIG_FILE), "{ \"format\": ");
        assertLoadFails(AdapterFormatException.class, "badit_config.json", "malformed JSON");
    }

    @Test
    void newerFormatVersion() {
        editConfig(c -> c.addProperty("format_version", 2));
        assertLoadFails(AdapterFormatException.class, "badit_config.json", "\"format_version\"", "newer");
    }

    @Test
    void inconsistentScaling() {
        editConfig(c -> c.addProperty("scaling", 3.0));
        assertLoadFails(AdapterFormatException.class, "badit_config.json", "\"scaling\"");
    }

    @Test
    void residualFlagContradictsTheMethod() {
        editConfig(c -> c.addProperty("residual", false));
        assertLoadFails(AdapterFormatException.class, "badit_config.json", "\"residual\"", "residual base");
    }

    @Test
    void savedTensorsContradictTheRouter() {
        editConfig(c -> c.addProperty("router", "static"));
        assertLoadFails(AdapterFormatException.class, "badit_config.json", "\"saved_tensors\"", "router.alpha");
    }

    @Test
    void notAnAdapterDirectory() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        DecoderLM base = AdapterFixtures.base(manager);
        Exception e = assertThrows(AdapterFormatException.class, () -> AdapterFiles.load(base, empty));
        assertTrue(e.getMessage().contains("badit_config.json") && e.getMessage().contains("adapter_config.json"),
                e.getMessage());
    }

    @Test
    void modelWithOtherModules() {
        DecoderLM deeper = DecoderLM.randomInit(ScratchModels.llama(61, 32, 64, 3, 4, 2, 1, 2), 1, manager);
        Exception e = assertThrows(AdapterFormatException.class, () -> AdapterFiles.load(deeper, dir));
        assertTrue(e.getMessage().contains("\"modules\"") && e.getMessage().contains("model.layers.2.mlp.gate_proj"),
                e.getMessage());
    }

    @Test
    void modelOfAnotherWidth() {
        DecoderLM wider = DecoderLM.randomInit(ScratchModels.llama(61, 32, 48, 2, 4, 2, 1, 2), 1, manager);
        Exception e = assertThrows(AdapterFormatException.class, () -> AdapterFiles.load(wider, dir));
        assertTrue(e.getMessage().contains("experts_B") && e.getMessage().contains("(4, 48, 2)"), e.getMessage());
    }

    /** Loads onto a fresh base, expects the exception with every fragment, and checks the base is unchanged. */
    private void assertLoadFails(Class<? extends RuntimeException> type, String... fragments) {
        DecoderLM base = AdapterFixtures.base(manager);
        RuntimeException e = assertThrows(type, () -> AdapterFiles.load(base, dir));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), "'" + fragment + "' not in: " + e.getMessage());
        }
        assertTrue(BlockTree.find(base, LAYER0) instanceof Linear, "the model was changed before validation ended");
    }

    private void editTensors(String fileName, Consumer<Map<String, NDArray>> edit) {
        Path file = dir.resolve(fileName);
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(file)) {
            for (String name : f.names()) {
                tensors.put(name, f.load(name, manager));
            }
        }
        edit.accept(tensors);
        SafetensorsWriter writer = SafetensorsWriter.builder().optMetadata(AdapterFiles.METADATA).build();
        tensors.forEach(writer::add);
        writer.write(file);
    }

    private void editConfig(Consumer<JsonObject> edit) {
        Path file = dir.resolve(AdapterFiles.CONFIG_FILE);
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            edit.accept(o);
            Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(o));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
