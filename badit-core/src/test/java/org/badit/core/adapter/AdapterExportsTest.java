package org.badit.core.adapter;

import static org.badit.core.adapter.AdapterFixtures.K;
import static org.badit.core.adapter.AdapterFixtures.R;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.badit.core.expert.BaditLinear;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.RouterType;
import org.badit.core.model.DecoderLM;
import org.badit.lora.io.SafetensorsFile;
import org.badit.lora.LoraConfig;
import org.badit.lora.TargetModules;
import org.badit.lora.init.SvdMethod;
import org.badit.lora.io.PeftAdapter;
import org.badit.lora.nn.BlockTree;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdapterExportsTest {

    private static final float TOLERANCE = 1e-4f;

    @TempDir
    Path dir;
    private NDManager manager;
    private NDArray ids;

    @BeforeEach
    void setUp() {
        manager = AdapterFixtures.manager();
        ids = AdapterFixtures.probe(manager);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void mergedTaskModelComputesThatTask() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.TASK));
        for (int task = 0; task < AdapterFixtures.TASKS; task++) {
            Path out = dir.resolve("task" + task);
            AdapterFiles.exportMergedTask(trained, task, out);
            DecoderLM merged = DecoderLM.load(out, manager);
            assertTrue(BlockTree.find(merged, "model.layers.0.mlp.gate_proj") instanceof ai.djl.nn.core.Linear);
            NDArray expected = AdapterFixtures.logits(trained.model(), ids, task);
            float diff = AdapterFixtures.maxAbsDiff(expected, AdapterFixtures.logits(merged, ids, null));
            assertTrue(diff < TOLERANCE, "task " + task + ": " + diff);
            if (task == 1) {
                // another task's weights give another function: the test can tell tasks apart
                NDArray other = AdapterFixtures.logits(trained.model(), ids, 0);
                assertTrue(AdapterFixtures.maxAbsDiff(other, AdapterFixtures.logits(merged, ids, null)) > 1e-3);
            }
        }
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("task0/model.safetensors"))) {
            assertFalse(f.names().stream().anyMatch(n -> n.contains("experts") || n.contains("router")));
        }
    }

    @Test
    void mergedTaskRefusesOtherRoutersAndBadTaskIds() {
        AdaptedModel staticModel = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.STATIC));
        Exception e = assertThrows(IllegalArgumentException.class, () -> AdapterFiles.exportMergedTask(staticModel,
                0, dir));
        assertTrue(e.getMessage().contains("static router"), e.getMessage());
        AdaptedModel taskModel = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.TASK));
        e = assertThrows(IllegalArgumentException.class, () -> AdapterFiles.exportMergedTask(taskModel, 3, dir));
        assertTrue(e.getMessage().contains("task id 3"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("config.json")));
    }

    @Test
    void mergedStaticModelComputesTheAdaptedModel() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.STATIC));
        AdapterFiles.exportMerged(trained, dir);
        float diff = AdapterFixtures.maxAbsDiff(AdapterFixtures.logits(trained.model(), ids, null),
                AdapterFixtures.logits(DecoderLM.load(dir, manager), ids, null));
        assertTrue(diff < TOLERANCE, "diff " + diff);
    }

    @Test
    void mergedLoraFamilyModelComputesTheAdaptedModel() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.PISSA,
                RouterType.STATIC));
        AdapterFiles.exportMerged(trained, dir);
        float diff = AdapterFixtures.maxAbsDiff(AdapterFixtures.logits(trained.model(), ids, null),
                AdapterFixtures.logits(DecoderLM.load(dir, manager), ids, null));
        assertTrue(diff < TOLERANCE, "diff " + diff);
        AdaptedModel token = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.TOKEN));
        assertThrows(UnsupportedOperationException.class, () -> AdapterFiles.exportMerged(token, dir.resolve("t")));
    }

    @Test
    void staticLoraOnTheOriginalBaseReproducesStaticBadit() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.STATIC));
        // a DOG regroup moves components between experts; the correction (the sum over all initial components)
        // must not care
        long[] permutation = {5, 0, 7, 2, 1, 4, 3, 6};
        trained.expertLayers().values().forEach(l -> l.permuteComponents(manager.create(permutation)));
        LoraConfig lora = AdapterFiles.exportStaticLora(trained, dir);
        assertEquals(2 * K * R, lora.r());
        assertEquals(trained.config().scaling(), lora.loraAlpha() / lora.r(), 1e-6f);
        assertFalse(Files.exists(dir.resolve(AdapterFiles.CONFIG_FILE)));
        assertFalse(Files.exists(dir.resolve(PeftAdapter.RESIDUAL_FILE)));
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve(PeftAdapter.WEIGHTS_FILE))) {
            assertEquals(new Shape(2 * K * R, 32), f.info(PeftAdapter.keyA("model.layers.0.mlp.gate_proj")).shape());
            assertEquals(new Shape(64, 2 * K * R), f.info(PeftAdapter.keyB("model.layers.0.mlp.gate_proj")).shape());
        }
        assertReproduces(trained, null);
    }

    @Test
    void allLinearTargetsRoundTripAndExport() {
        // A static router: its export is exact (an input router's export is the documented α = 1 approximation).
        MethodConfig config = MethodConfig.builder().setMethod(Method.BADIT).optExperts(K).optRank(R).optAlpha(4f)
                .optRouter(RouterType.STATIC).optTargets(TargetModules.allLinear()).optSvd(SvdMethod.exact()).build();
        AdaptedModel trained = AdapterFixtures.trained(manager, config);
        assertEquals(14, trained.injection().layers().size());
        Path saved = dir.resolve("saved");
        assertTrue(AdapterFiles.save(trained, saved).toJson().contains("\"target_modules\": \"all-linear\""));
        AdaptedModel loaded = AdapterFiles.load(AdapterFixtures.base(manager), saved);
        assertEquals(0f, AdapterFixtures.maxAbsDiff(AdapterFixtures.logits(trained.model(), ids, null),
                AdapterFixtures.logits(loaded.model(), ids, null)));
        AdapterFiles.exportStaticLora(loaded, dir.resolve("lora"));
        assertReproduces(trained, dir.resolve("lora"));
    }

    @Test
    void staticLoraStillExportsAfterSaveAndLoad() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT_NODOG,
                RouterType.STATIC));
        Path saved = dir.resolve("saved");
        AdapterFiles.save(trained, saved);
        AdaptedModel loaded = AdapterFiles.load(AdapterFixtures.base(manager), saved);
        AdapterFiles.exportStaticLora(loaded, dir.resolve("lora"));
        assertReproduces(trained, dir.resolve("lora"));
    }

    @Test
    void loraMoeExportHasNoCorrection() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.LORAMOE,
                RouterType.TOKEN));
        // zero the token router's gate: α = 1 everywhere, which the static export then reproduces exactly
        trained.expertLayers().values().forEach(l -> l.router().getDirectParameters().get("gate").getArray()
                .muli(0));
        LoraConfig lora = AdapterFiles.exportStaticLora(trained, dir);
        assertEquals(K * R, lora.r());
        assertReproduces(trained, null);
    }

    @Test
    void taskLoraIsExactForItsTask() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.TASK));
        AdapterFiles.exportTaskLora(trained, 2, dir);
        DecoderLM fresh = AdapterFixtures.base(manager);
        PeftAdapter.load(dir, fresh);
        float diff = AdapterFixtures.maxAbsDiff(AdapterFixtures.logits(trained.model(), ids, 2),
                AdapterFixtures.logits(fresh, ids, null));
        assertTrue(diff < TOLERANCE, "diff " + diff);
    }

    @Test
    void explicitAlphaIsUsedForInputDependentRouters() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.SEQUENCE));
        double[] alpha = {0.5, 1.5, 1.0, 2.0};
        AdapterFiles.exportStaticLora(trained, dir, alpha);
        // the same experts with a static router holding that α are what the export must compute
        for (BaditLinear layer : trained.expertLayers().values()) {
            layer.router().getDirectParameters().get("gate").getArray().muli(0); // α = K·softmax(0) = 1
            layer.expertsB().getArray().muli(manager.create(new float[] {0.5f, 1.5f, 1f, 2f}).reshape(K, 1, 1));
        }
        assertReproduces(trained, null);
        Exception e = assertThrows(IllegalArgumentException.class, () -> AdapterFiles.exportStaticLora(trained,
                dir, new double[] {1, 2}));
        assertTrue(e.getMessage().contains("K = 4"), e.getMessage());
    }

    @Test
    void residualLayerWithoutInitialExpertsIsRefused() {
        AdaptedModel trained = AdapterFixtures.trained(manager, AdapterFixtures.config(Method.BADIT,
                RouterType.STATIC));
        trained.expertLayers().values().forEach(l -> l.setInitialExperts(null, null));
        Exception e = assertThrows(IllegalStateException.class, () -> AdapterFiles.exportStaticLora(trained, dir));
        assertTrue(e.getMessage().contains("model.layers.0.mlp.gate_proj"), e.getMessage());
    }

    /** Loads the PEFT export onto a fresh base with the original weights and compares with the adapted model. */
    private void assertReproduces(AdaptedModel trained, Path lora) {
        DecoderLM fresh = AdapterFixtures.base(manager);
        PeftAdapter.load(lora == null ? dir : lora, fresh);
        float diff = AdapterFixtures.maxAbsDiff(AdapterFixtures.logits(trained.model(), ids, null),
                AdapterFixtures.logits(fresh, ids, null));
        assertTrue(diff < TOLERANCE, "diff " + diff);
    }
}
