package org.badit.lora.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.badit.lora.LoraConfig;
import org.badit.lora.LoraInjector;
import org.badit.lora.ToyDecoder;
import org.badit.lora.engine.Engines;
import org.badit.lora.testing.FuzzHarness;
import org.badit.lora.testing.Mutator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of PEFT adapter directories: {@link PeftAdapter#readConfig} on mutated
 * {@code adapter_config.json} files, and {@link PeftAdapter#load} onto a fresh model with a mutated config or mutated
 * weights. The only outcomes allowed are success or an {@link AdapterFormatException} / {@link SafetensorsException}
 * naming the file ({@link FuzzHarness}).
 */
class PeftAdapterFuzzTest {

    private static NDManager manager;

    @TempDir
    Path tmp;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static ToyDecoder model(NDManager m) {
        ai.djl.engine.Engine.getEngine(Engines.ENGINE_NAME).setRandomSeed(42);
        return new ToyDecoder(m, 1);
    }

    /** Saves a one-layer toy model's adapter made with {@code init} and returns its directory. */
    private Path saved(String name, LoraConfig config) {
        Path dir = tmp.resolve(name);
        ToyDecoder m = model(manager);
        LoraInjector.inject(m, config);
        PeftAdapter.save(dir, m, config);
        return dir;
    }

    private static LoraConfig.Builder config() {
        return LoraConfig.builder().setTargetModules("q_proj", "v_proj", "down_proj").optR(2).optLoraAlpha(4f)
                .optBaseModelNameOrPath("toy");
    }

    private static byte[] bytes(Path file) {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private List<byte[]> configSeeds() {
        List<byte[]> out = new ArrayList<>();
        out.add(bytes(saved("gauss", config().optInitLoraWeights("gaussian").build()).resolve(PeftAdapter.CONFIG_FILE)));
        out.add(bytes(saved("rs", config().optUseRslora(true).optLoraDropout(0.05f).build())
                .resolve(PeftAdapter.CONFIG_FILE)));
        out.add(bytes(saved("pissa", config().optInitLoraWeights("pissa").build()).resolve(PeftAdapter.CONFIG_FILE)));
        out.add(("{\"peft_type\": \"LORA\", \"r\": 2, \"lora_alpha\": 4, \"target_modules\": \".*\\\\.(q|v)_proj\","
                + " \"init_lora_weights\": true, \"bias\": null, \"use_dora\": false, \"rank_pattern\": {}}")
                .getBytes(StandardCharsets.UTF_8));
        return out;
    }

    @Test
    void mutatedConfigsFailOnlyWithAdapterFormatException() {
        Path dir = tmp.resolve("fuzz-config");
        FuzzHarness.Summary s = FuzzHarness.run("peft-config", Mutator.text(configSeeds()), input -> {
            Files.createDirectories(dir);
            Files.write(dir.resolve(PeftAdapter.CONFIG_FILE), input);
            PeftAdapter.readConfig(dir);
        }, PeftAdapter.CONFIG_FILE, AdapterFormatException.class);
        assertTrue(s.documented().getOrDefault("AdapterFormatException", 0) > 0, s::toString);
    }

    @Test
    void mutatedAdapterDirectoriesFailOnlyWithDocumentedExceptions() throws IOException {
        Path gauss = saved("gauss-load", config().optInitLoraWeights("gaussian").build());
        Path pissa = saved("pissa-load", config().optInitLoraWeights("pissa").build());
        Path dir = tmp.resolve("fuzz-load");
        // The config mutated, the weights valid (of the gaussian or the PiSSA adapter, with its residual files).
        FuzzHarness.run("peft-load-config", Mutator.text(List.of(bytes(gauss.resolve(PeftAdapter.CONFIG_FILE)),
                bytes(pissa.resolve(PeftAdapter.CONFIG_FILE)))), input -> {
                    copy(pissa, dir);
                    Files.write(dir.resolve(PeftAdapter.CONFIG_FILE), input);
                    load(dir);
                }, "fuzz-load", AdapterFormatException.class, SafetensorsException.class);
        // The weights mutated, the config valid.
        FuzzHarness.run("peft-load-weights", Mutator.safetensors(List.of(bytes(gauss.resolve(
                PeftAdapter.WEIGHTS_FILE)))), input -> {
                    copy(gauss, dir);
                    Files.write(dir.resolve(PeftAdapter.WEIGHTS_FILE), input);
                    load(dir);
                }, "fuzz-load", AdapterFormatException.class, SafetensorsException.class);
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

    private static void load(Path dir) {
        try (NDManager m = manager.newSubManager()) {
            PeftAdapter.load(dir, model(m));
        }
    }

    /**
     * Found while fuzzing: {@code "r": 4294967298} read as r = 2 and 1e10 as 1410065408 (getAsInt keeps the low 32
     * bits), and 1e999999999 failed with Gson's message only, not the field's; an infinite alpha was accepted.
     */
    @Test
    void outOfRangeNumbersAreRefusedNamingTheField() throws IOException {
        Path dir = tmp.resolve("range");
        Files.createDirectories(dir);
        String[][] cases = {{"4294967298", "4"}, {"1e10", "4"}, {"2147483648", "4"}, {"1e999999999", "4"},
            {"2.5", "4"}, {"2", "1e999999999"}, {"2", "1e309"}};
        for (String[] c : cases) {
            Files.writeString(dir.resolve(PeftAdapter.CONFIG_FILE), "{\"peft_type\": \"LORA\", \"r\": " + c[0]
                    + ", \"lora_alpha\": " + c[1] + ", \"target_modules\": [\"q_proj\"]}");
            String message = assertThrows(AdapterFormatException.class, () -> PeftAdapter.readConfig(dir))
                    .getMessage();
            String field = c[0].equals("2") ? "lora_alpha" : "r";
            assertTrue(message.contains(PeftAdapter.CONFIG_FILE) && message.contains("field \"" + field + "\""),
                    message);
        }
        Files.writeString(dir.resolve(PeftAdapter.CONFIG_FILE), "{\"peft_type\": \"LORA\", \"r\": 2.0, "
                + "\"lora_alpha\": 4, \"target_modules\": [\"q_proj\"]}");
        assertEquals(2, PeftAdapter.readConfig(dir).r());
    }
}
