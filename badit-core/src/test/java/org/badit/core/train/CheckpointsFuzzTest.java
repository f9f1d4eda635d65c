package org.badit.core.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.core.model.ModelFormatException;
import org.badit.core.testing.TestEngine;
import org.badit.lora.io.SafetensorsException;
import org.badit.lora.io.SafetensorsWriter;
import org.badit.lora.testing.FuzzHarness;
import org.badit.lora.testing.Mutator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of {@link Checkpoints#restore}: a checkpoint with a mutated {@code state.json},
 * {@code params.safetensors} or {@code optimizer.safetensors}. The only outcomes allowed are success or a
 * {@link ModelFormatException} / {@link SafetensorsException} naming the file ({@link FuzzHarness}).
 */
class CheckpointsFuzzTest {

    private static NDManager manager;
    private static Map<String, Parameter> params;
    private static AdamW optimizer;
    private static Path seed;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp(@TempDir Path root) {
        manager = TestEngine.singleThreadManager();
        params = new LinkedHashMap<>();
        // Fixed values, not random ones: the number mutations also hit digits in the data bytes, so the seed files
        // must be the same in every run for a case index to reproduce.
        params.put("layer.w", Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT)
                .optArray(manager.arange(12f).reshape(3, 4).div(7f)).build());
        params.put("layer.b", Parameter.builder().setName("b").setType(Parameter.Type.BIAS)
                .optArray(manager.arange(4f).sub(1.5f)).build());
        optimizer = AdamW.builder().setManager(manager).build();
        optimizer.restore(7, Map.of("layer.w", new AdamW.Moments(manager.arange(12f).reshape(3, 4).div(-13f),
                manager.arange(12f).reshape(3, 4).div(101f))));
        seed = Checkpoints.save(root, new Checkpoints.State(12, 7, 0, "fingerprint"), params, optimizer, null);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path fresh(String file, byte[] content) throws IOException {
        Path dir = tmp.resolve("ckpt");
        Files.createDirectories(dir);
        try (var files = Files.list(seed)) {
            for (Path f : files.toList()) {
                Files.copy(f, dir.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.write(dir.resolve(file), content);
        return dir;
    }

    private static void restore(Path dir) {
        try (NDManager scope = manager.newSubManager()) {
            Checkpoints.restore(dir, params, optimizer, null, scope);
        }
    }

    @Test
    void mutatedCheckpointsRestoreOrFailWithDocumentedExceptions() {
        for (String file : List.of("state.json", "params.safetensors", "optimizer.safetensors")) {
            byte[] valid = bytes(seed.resolve(file));
            Mutator mutator = file.endsWith(".json") ? Mutator.text(List.of(valid)) : Mutator.safetensors(List.of(valid));
            FuzzHarness.Summary s = FuzzHarness.run("checkpoint-" + file.replace('.', '-'), mutator,
                    input -> restore(fresh(file, input)), file, ModelFormatException.class,
                    SafetensorsException.class);
            assertTrue(s.accepted() < s.inputs(), s::toString);
        }
    }

    /** A moment of another shape was restored as it was, for the next optimizer step to fail on. */
    @Test
    void momentsOfAnotherShapeAreRefused() throws IOException {
        Path other = tmp.resolve("other.safetensors");
        SafetensorsWriter.builder().build().add("layer.w.m", manager.zeros(new Shape(4, 3)))
                .add("layer.w.v", manager.zeros(new Shape(4, 3))).write(other);
        Path dir = fresh("optimizer.safetensors", bytes(other));
        String message = assertThrows(ModelFormatException.class, () -> restore(dir)).getMessage();
        assertTrue(message.contains("optimizer.safetensors") && message.contains("layer.w.m"), message);
    }

    /** An unreadable state.json was an IllegalStateException; a negative step was accepted. */
    @Test
    void badStateIsAModelFormatExceptionNamingTheFile() throws IOException {
        for (String text : new String[] {"[1]", "{\"step\": 1e308}", "{\"step\": -4, \"optimizerSteps\": 1}", "{"}) {
            Path dir = fresh("state.json", text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            String message = assertThrows(ModelFormatException.class, () -> restore(dir), text).getMessage();
            assertTrue(message.contains("state.json"), message);
        }
        assertEquals(12, Checkpoints.restore(seed, params, optimizer, null, manager).step());
    }
}
