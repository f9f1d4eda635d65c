package org.badit.core.adapter;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.badit.core.method.Method;
import org.badit.core.method.RouterType;
import org.badit.lora.io.AdapterFormatException;
import org.badit.lora.io.SafetensorsException;
import org.badit.lora.testing.FuzzHarness;
import org.badit.lora.testing.Mutator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of BADIT adapter directories: {@link AdapterFiles#readConfig} on mutated
 * {@code badit_config.json} files, and {@link AdapterFiles#load} onto a fresh base model with a mutated config or
 * mutated weights. The only outcomes allowed are success or an {@link AdapterFormatException} /
 * {@link SafetensorsException} naming the file ({@link FuzzHarness}).
 */
class AdapterDirFuzzTest {

    private static NDManager manager;
    private static final List<Path> SEED_DIRS = new ArrayList<>();

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp(@TempDir Path root) {
        manager = AdapterFixtures.manager();
        int i = 0;
        for (Object[] c : new Object[][] {{Method.BADIT, RouterType.TOKEN}, {Method.BADIT, RouterType.TASK},
            {Method.LORAMOE, RouterType.TOKEN}, {Method.PISSA, RouterType.TOKEN}}) {
            Path dir = root.resolve("seed" + i++);
            try (NDManager m = manager.newSubManager()) {
                AdapterFiles.save(AdapterFixtures.trained(m, AdapterFixtures.config((Method) c[0],
                        (RouterType) c[1])), dir);
            }
            SEED_DIRS.add(dir);
        }
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

    private static List<byte[]> configSeeds() {
        List<byte[]> out = new ArrayList<>();
        for (Path d : SEED_DIRS) {
            out.add(bytes(d.resolve(AdapterFiles.CONFIG_FILE)));
        }
        return out;
    }

    @Test
    void mutatedConfigsFailOnlyWithAdapterFormatException() {
        Path dir = tmp.resolve("fuzz-config");
        FuzzHarness.Summary s = FuzzHarness.run("badit-config", Mutator.text(configSeeds()), input -> {
            Files.createDirectories(dir);
            Files.write(dir.resolve(AdapterFiles.CONFIG_FILE), input);
            AdapterFiles.readConfig(dir);
        }, AdapterFiles.CONFIG_FILE, AdapterFormatException.class);
        assertTrue(s.documented().getOrDefault("AdapterFormatException", 0) > 0, s::toString);
    }

    @Test
    void mutatedConfigsLoadOrFailWithDocumentedExceptions() {
        // Each mutated config over the files of the adapter it came from (splices mix configs of several).
        Path dir = tmp.resolve("fuzz-load-config");
        FuzzHarness.run("badit-load-config", Mutator.text(configSeeds()), (input, seedIndex) -> {
            copy(SEED_DIRS.get(seedIndex), dir);
            Files.write(dir.resolve(AdapterFiles.CONFIG_FILE), input);
            load(dir);
        }, "fuzz-load-config", AdapterFormatException.class, SafetensorsException.class);
    }

    @Test
    void mutatedWeightsLoadOrFailWithDocumentedExceptions() {
        Path dir = tmp.resolve("fuzz-load-weights");
        FuzzHarness.run("badit-load-weights", Mutator.safetensors(List.of(bytes(SEED_DIRS.get(0).resolve(
                AdapterFiles.WEIGHTS_FILE)))), input -> {
                    copy(SEED_DIRS.get(0), dir);
                    Files.write(dir.resolve(AdapterFiles.WEIGHTS_FILE), input);
                    load(dir);
                }, "fuzz-load-weights", AdapterFormatException.class, SafetensorsException.class);
    }

    private static void load(Path dir) {
        try (NDManager m = manager.newSubManager()) {
            AdapterFiles.load(AdapterFixtures.base(m), dir);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        try (var files = Files.list(to)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    /** Copies seed adapter {@code seed} and edits its config. */
    private Path edited(int seed, java.util.function.Consumer<JsonObject> edit) throws IOException {
        Path dir = tmp.resolve("edited");
        copy(SEED_DIRS.get(seed), dir);
        Path config = dir.resolve(AdapterFiles.CONFIG_FILE);
        JsonObject o = JsonParser.parseString(Files.readString(config)).getAsJsonObject();
        edit.accept(o);
        Files.writeString(config, o.toString());
        return dir;
    }

    private static String loadFailure(Path dir) {
        return assertThrows(AdapterFormatException.class, () -> load(dir)).getMessage();
    }

    /** Found by the fuzzer (seed 14, case 177): an ema_beta out of [0, 1) passed the config and failed in DOG. */
    @Test
    void dogSettingsOutOfRangeAreRefusedByTheConfig() throws IOException {
        Path dir = edited(1, o -> o.getAsJsonObject("dog").addProperty("ema_beta", 9.223372036854775807E18));
        String message = assertThrows(AdapterFormatException.class, () -> AdapterFiles.readConfig(dir)).getMessage();
        assertTrue(message.contains(AdapterFiles.CONFIG_FILE) && message.contains("dog.ema_beta"), message);
        Path until = edited(1, o -> o.getAsJsonObject("dog").addProperty("regroup_until", 2));
        message = loadFailure(until);
        assertTrue(message.contains("dog.regroup_until"), message);
    }

    /**
     * Found by the fuzzer (seed 14, case 1639): experts = 2^31 - 1 made the throw-away router allocate 256 GB (an
     * EngineException); the config's sizes are now checked against the weights file before any allocation.
     */
    @Test
    void expertAndTaskCountsTheFileCannotHoldAreRefusedBeforeAllocation() throws IOException {
        String message = loadFailure(edited(0, o -> o.addProperty("experts", Integer.MAX_VALUE)));
        assertTrue(message.contains(AdapterFiles.CONFIG_FILE) && message.contains("\"experts\""), message);
        message = loadFailure(edited(1, o -> o.addProperty("tasks", Integer.MAX_VALUE)));
        assertTrue(message.contains(AdapterFiles.CONFIG_FILE) && message.contains("\"tasks\""), message);
    }
}
