package org.badit.core.model;

import org.badit.core.testing.TinyModels;
import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.badit.lora.io.SafetensorsCheckpoint;
import org.badit.lora.io.SafetensorsWriter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saving and loading model directories, and every way a checkpoint can be unusable. */
class ModelLoaderTest {

    private static NDManager manager;

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        manager = TestEngine.singleThreadManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void savedModelLoadsBackToTheSameLogits() {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.randomInit(TinyModels.llama(), 7, m);
            Path dir = tmp.resolve("tiny");
            lm.save(dir);
            DecoderLM back = DecoderLM.load(dir, m);
            assertEquals(lm.config(), back.config());
            ParameterStore ps = new ParameterStore(m, false);
            NDArray ids = m.create(new int[] {1, 5, 9, 3, 60}, new Shape(1, 5));
            assertArrayEquals(lm.logits(ps, ids, null, false, null).toFloatArray(),
                    back.logits(ps, ids, null, false, null).toFloatArray());
            // Same seed, same weights.
            DecoderLM again = DecoderLM.randomInit(TinyModels.llama(), 7, m);
            assertArrayEquals(lm.logits(ps, ids, null, false, null).toFloatArray(),
                    again.logits(ps, ids, null, false, null).toFloatArray());
        }
    }

    @Test
    void shardedCheckpointLoads() throws IOException {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.randomInit(TinyModels.llama(), 8, m);
            Path dir = tmp.resolve("sharded");
            lm.save(dir);
            Files.delete(dir.resolve(SafetensorsCheckpoint.SINGLE_FILE));
            SafetensorsWriter first = SafetensorsWriter.builder().build();
            SafetensorsWriter second = SafetensorsWriter.builder().build();
            StringBuilder map = new StringBuilder();
            lm.namedParameters().forEach((name, p) -> {
                boolean early = name.startsWith("model.embed") || name.startsWith("model.layers.0.");
                (early ? first : second).add(name, p.getArray());
                map.append(map.length() == 0 ? "" : ",\n").append("\"").append(name).append("\": \"")
                        .append(early ? "model-00001-of-00002.safetensors" : "model-00002-of-00002.safetensors")
                        .append("\"");
            });
            first.write(dir.resolve("model-00001-of-00002.safetensors"));
            second.write(dir.resolve("model-00002-of-00002.safetensors"));
            Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE),
                    "{\"metadata\": {}, \"weight_map\": {" + map + "}}");
            DecoderLM back = DecoderLM.load(dir, m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray ids = m.create(new int[] {1, 5, 9}, new Shape(1, 3));
            assertArrayEquals(lm.logits(ps, ids, null, false, null).toFloatArray(),
                    back.logits(ps, ids, null, false, null).toFloatArray());
        }
    }

    @Test
    void missingTensorIsNamed() {
        Path dir = rewrite(Map.of("model.layers.1.mlp.up_proj.weight", new Shape(0)));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> DecoderLM.load(dir, manager));
        assertTrue(e.getMessage().contains("missing tensor [model.layers.1.mlp.up_proj.weight]"), e.getMessage());
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void shapeMismatchWithConfigIsNamed() {
        Path dir = rewrite(Map.of("model.layers.0.self_attn.k_proj.weight", new Shape(32, 32)));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> DecoderLM.load(dir, manager));
        assertTrue(e.getMessage().contains("tensor 'model.layers.0.self_attn.k_proj.weight' has shape (32, 32)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("implies (16, 32)"), e.getMessage());
    }

    @Test
    void missingConfigKeyIsNamed() throws IOException {
        Path dir = rewrite(Map.of());
        String config = Files.readString(dir.resolve("config.json")).replace("\"num_hidden_layers\"", "\"layers\"");
        Files.writeString(dir.resolve("config.json"), config);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> DecoderLM.load(dir, manager));
        assertTrue(e.getMessage().contains("config.json: key 'num_hidden_layers': missing required key"),
                e.getMessage());
    }

    @Test
    void missingConfigFileIsNamed() throws IOException {
        Path dir = rewrite(Map.of());
        Files.delete(dir.resolve("config.json"));
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> DecoderLM.load(dir, manager));
        assertTrue(e.getMessage().contains("config.json: no such file"), e.getMessage());
    }

    @Test
    void unknownModelTypeListsSupportedOnes() throws IOException {
        Path dir = rewrite(Map.of());
        String config = Files.readString(dir.resolve("config.json")).replace("\"llama\"", "\"falcon\"");
        Files.writeString(dir.resolve("config.json"), config);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> DecoderLM.load(dir, manager));
        assertTrue(e.getMessage().contains("unsupported model_type 'falcon'; supported: llama, mistral, qwen2, "
                + "qwen3, gemma2"), e.getMessage());
    }

    @Test
    void pickleCheckpointsAreRefusedWithTheReason() throws IOException {
        Path dir = rewrite(Map.of());
        Files.delete(dir.resolve("model.safetensors"));
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2, 'N', '.'});
        RuntimeException e = assertThrows(RuntimeException.class, () -> DecoderLM.load(dir, manager));
        assertTrue(e.getMessage().contains("pickle") && e.getMessage().contains("arbitrary code"), e.getMessage());

        Path pt = dir.resolve("model.pt");
        Files.write(pt, new byte[] {(byte) 0x80, 2, 'N', '.'});
        e = assertThrows(ModelFormatException.class, () -> DecoderLM.load(pt, manager));
        assertTrue(e.getMessage().contains("refusing to load a pickle checkpoint")
                && e.getMessage().contains("arbitrary code"), e.getMessage());
    }

    @Test
    void truncatedWeightsFileIsAnErrorNotACrash() throws IOException {
        Path dir = rewrite(Map.of());
        Path weights = dir.resolve("model.safetensors");
        byte[] bytes = Files.readAllBytes(weights);
        Files.write(weights, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        RuntimeException e = assertThrows(RuntimeException.class, () -> DecoderLM.load(dir, manager));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());
    }

    @Test
    void malformedHeadersAreErrorsNamingTheFile() throws IOException {
        Path dir = rewrite(Map.of());
        Path weights = dir.resolve("model.safetensors");
        java.nio.ByteBuffer huge = java.nio.ByteBuffer.allocate(16).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        huge.putLong(1L << 40).put("{}      ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Files.write(weights, huge.array());
        RuntimeException e = assertThrows(RuntimeException.class, () -> DecoderLM.load(dir, manager));
        assertTrue(e.getMessage().contains("model.safetensors"), e.getMessage());

        byte[] header = "{\"model.norm.weight\": {\"dtype\": \"Q7\", \"shape\": [32], \"data_offsets\": [0, 128]}}"
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        java.nio.ByteBuffer odd = java.nio.ByteBuffer.allocate(8 + header.length + 128)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        odd.putLong(header.length).put(header);
        Files.write(weights, odd.array());
        e = assertThrows(RuntimeException.class, () -> DecoderLM.load(dir, manager));
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("Q7"), e.getMessage());
    }

    /**
     * Saves a tiny model, then rewrites its weights: a tensor mapped to {@code (0)} is dropped, any other shape
     * replaces the tensor by zeros of that shape.
     */
    private Path rewrite(Map<String, Shape> changes) {
        Path dir = tmp.resolve("ckpt");
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.randomInit(TinyModels.llama(), 1, m);
            lm.save(dir);
            SafetensorsWriter writer = SafetensorsWriter.builder().build();
            lm.namedParameters().forEach((name, p) -> {
                Shape change = changes.get(name);
                if (change == null) {
                    writer.add(name, p.getArray());
                } else if (change.size() > 0) {
                    writer.add(name, m.zeros(change));
                }
            });
            writer.write(dir.resolve(SafetensorsCheckpoint.SINGLE_FILE));
        }
        return dir;
    }
}
