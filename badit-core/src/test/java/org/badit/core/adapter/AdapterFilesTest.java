package org.badit.core.adapter;

import static org.badit.core.adapter.AdapterFixtures.K;
import static org.badit.core.adapter.AdapterFixtures.R;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.badit.core.expert.BaditLinear;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.RouterType;
import org.badit.core.model.DecoderLM;
import org.badit.lora.io.SafetensorsFile;
import org.badit.lora.io.PeftAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AdapterFilesTest {

    @TempDir
    Path dir;
    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = AdapterFixtures.manager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    static Stream<Arguments> methods() {
        return Stream.of(Arguments.of(Method.BADIT, RouterType.STATIC), Arguments.of(Method.BADIT, RouterType.SEQUENCE),
                Arguments.of(Method.BADIT, RouterType.TOKEN), Arguments.of(Method.BADIT, RouterType.TASK),
                Arguments.of(Method.BADIT_NODOG, RouterType.STATIC), Arguments.of(Method.LORAMOE, RouterType.TOKEN),
                Arguments.of(Method.LORA, RouterType.STATIC), Arguments.of(Method.PISSA, RouterType.STATIC));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("methods")
    void saveThenLoadGivesBitIdenticalLogits(Method method, RouterType router) {
        MethodConfig config = AdapterFixtures.config(method, router);
        AdaptedModel trained = AdapterFixtures.trained(manager, config);
        NDArray ids = AdapterFixtures.probe(manager);
        Integer task = router == RouterType.TASK ? 2 : null;
        NDArray expected = AdapterFixtures.logits(trained.model(), ids, task);
        NDArray atInit = AdapterFixtures.logits(AdapterFixtures.base(manager), ids, null);
        assertTrue(AdapterFixtures.maxAbsDiff(expected, atInit) > 1e-3, "the perturbation must change the output");

        AdapterFiles.save(trained, dir, "tiny-llama");
        AdaptedModel loaded = AdapterFiles.load(AdapterFixtures.base(manager), dir);

        assertEquals(config.toString(), loaded.config().toString());
        assertEquals(trained.injection().paths(), loaded.injection().paths());
        assertEquals(method == Method.BADIT, loaded.dog() != null);
        NDArray actual = AdapterFixtures.logits(loaded.model(), ids, task);
        assertArrayEquals(expected.toFloatArray(), actual.toFloatArray(), 0f, method + " " + router);
    }

    @Test
    void expertFilesHoldTheDocumentedKeysAndShapes() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.TOKEN));
        BaditAdapterConfig written = AdapterFiles.save(trained, dir);
        String gate = "model.layers.1.mlp.gate_proj";
        assertEquals(List.of("model.layers.0.mlp.gate_proj", gate), written.modules());
        assertEquals(List.of("experts_A", "experts_B", "router.gate"), written.savedTensors());
        assertTrue(written.residual());
        assertTrue(written.initialExperts());
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(AdapterFiles.WEIGHTS_FILE))) {
            assertEquals(6, f.names().size());
            assertEquals(new Shape(K, R, 32), f.info("base_model.model." + gate + ".experts_A").shape());
            assertEquals(new Shape(K, 64, R), f.info("base_model.model." + gate + ".experts_B").shape());
            assertEquals(new Shape(K, 32), f.info("base_model.model." + gate + ".router.gate").shape());
            assertEquals("1", f.metadata().get("badit_version"));
            assertEquals("pt", f.metadata().get("format"));
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(AdapterFiles.RESIDUAL_FILE))) {
            assertEquals(new Shape(64, 32), f.info(gate + ".weight").shape());
            assertEquals(2, f.names().size());
            // the residual is W_res, not W
            NDArray wRes = f.load(gate + ".weight", manager);
            NDArray w = AdapterFixtures.base(manager).namedParameters().get(gate + ".weight").getArray();
            assertTrue(AdapterFixtures.maxAbsDiff(w, wRes) > 1e-3);
        }
        assertTrue(Files.isRegularFile(dir.resolve(AdapterFiles.INITIAL_FILE)));
        assertFalse(Files.exists(dir.resolve(PeftAdapter.CONFIG_FILE)));
        String json = readString(dir.resolve(AdapterFiles.CONFIG_FILE));
        for (String field : new String[] {"\"format_version\": 1", "\"method\": \"badit\"", "\"experts\": 4",
            "\"rank\": 2", "\"scaling\": 2.0", "\"router\": \"token\"", "\"tasks\": 3",
            "\"base_model_name_or_path\": null", "\"saved_tensors\""}) {
            assertTrue(json.contains(field), field + " in\n" + json);
        }
    }

    @Test
    void loraMoeKeepsThePretrainedBaseAndWritesNoResidual() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.LORAMOE,
                RouterType.TOKEN));
        // an earlier BADIT save in the same directory leaves files that must not survive
        AdapterFiles.save(AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT, RouterType.STATIC)),
                dir);
        BaditAdapterConfig written = AdapterFiles.save(trained, dir);
        assertFalse(written.residual());
        assertFalse(Files.exists(dir.resolve(AdapterFiles.RESIDUAL_FILE)));
        assertFalse(Files.exists(dir.resolve(AdapterFiles.INITIAL_FILE)));
        assertTrue(readString(dir.resolve(AdapterFiles.CONFIG_FILE)).contains("\"residual\": false"));
    }

    @Test
    void loadRestoresTheInitialExperts() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.STATIC));
        AdapterFiles.save(trained, dir);
        AdaptedModel loaded = AdapterFiles.load(AdapterFixtures.base(manager), dir);
        BaditLinear before = trained.expertLayers().values().iterator().next();
        BaditLinear after = loaded.expertLayers().values().iterator().next();
        assertNotNull(after.initialA());
        assertArrayEquals(before.initialA().toFloatArray(), after.initialA().toFloatArray(), 0f);
        assertArrayEquals(before.initialB().toFloatArray(), after.initialB().toFloatArray(), 0f);
        // and W − W_res = s·Σ B0·A0 at the loaded layer
        DecoderLM base = AdapterFixtures.base(manager);
        NDArray w = base.namedParameters().get("model.layers.0.mlp.gate_proj.weight").getArray();
        NDArray a0 = after.initialA().reshape(K * R, 32);
        NDArray b0 = after.initialB().transpose(1, 0, 2).reshape(64, K * R);
        NDArray rebuilt = after.baseWeightArray().add(b0.matMul(a0).mul(after.scaling()));
        assertTrue(AdapterFixtures.maxAbsDiff(w, rebuilt) < 1e-5);
    }

    @Test
    void loraMoeHasNoInitialExperts() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.LORAMOE,
                RouterType.TOKEN));
        assertNull(trained.expertLayers().values().iterator().next().initialA());
    }

    @Test
    void plainPeftDirectoryLoadsAsLoraFamily() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.PISSA,
                RouterType.STATIC));
        NDArray ids = AdapterFixtures.probe(manager);
        NDArray expected = AdapterFixtures.logits(trained.model(), ids, null);
        AdapterFiles.save(trained, dir);
        assertTrue(Files.isRegularFile(dir.resolve(PeftAdapter.CONFIG_FILE)));
        assertTrue(Files.isRegularFile(dir.resolve(AdapterFiles.RESIDUAL_FILE)));
        deleteQuietly(dir.resolve(AdapterFiles.CONFIG_FILE));
        AdaptedModel loaded = AdapterFiles.load(AdapterFixtures.base(manager), dir);
        assertEquals(Method.PISSA, loaded.config().method());
        assertEquals(K * R, loaded.config().totalRank());
        assertEquals(2f, loaded.config().scaling(), 1e-6f);
        assertArrayEquals(expected.toFloatArray(), AdapterFixtures.logits(loaded.model(), ids, null)
                .toFloatArray(), 0f);
    }

    static String readString(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.delete(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
