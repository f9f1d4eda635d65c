package org.badit.lora;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.List;
import org.badit.lora.engine.Engines;
import org.badit.lora.nn.BlockTree;
import org.badit.lora.nn.LoraLinear;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoraInjectorTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void namesMatchPathSuffixesAndOthersFreeze() {
        ToyDecoder model = new ToyDecoder(manager, 2);
        NDArray x = manager.randomNormal(new Shape(3, ToyDecoder.HIDDEN));
        NDArray before = model.run(x);
        long total = AdapterInjector.countParameters(model, false);
        InjectionReport report = LoraInjector.inject(model,
                LoraConfig.builder().setTargetModules("q_proj", "mlp.down_proj").optR(2).optLoraAlpha(4f).build());
        assertEquals(List.of("model.layers.0.self_attn.q_proj", "model.layers.0.mlp.down_proj",
                "model.layers.1.self_attn.q_proj", "model.layers.1.mlp.down_proj"), report.paths());
        assertInstanceOf(LoraLinear.class, BlockTree.find(model, "model.layers.1.self_attn.q_proj"));
        assertInstanceOf(Linear.class, BlockTree.find(model, "model.layers.1.self_attn.k_proj"));
        long lora = 2L * (2 * (8 + 8) + 2 * (12 + 8));
        assertEquals(lora, report.trainableParameters());
        assertEquals(total + lora, report.totalParameters());
        assertTrue(report.toString().contains("trainable params: " + String.format("%,d", lora)), report.toString());
        for (Pair<String, Parameter> p : model.getParameters()) {
            boolean isLora = p.getKey().endsWith("lora_A") || p.getKey().endsWith("lora_B");
            assertEquals(isLora, p.getValue().requiresGradient(), p.getKey());
        }
        assertTrue(model.run(x).sub(before).abs().max().getFloat() < 1e-5f, "B = 0: the model is unchanged");
    }

    @Test
    void regexAndAllLinear() {
        ToyDecoder model = new ToyDecoder(manager, 2);
        InjectionReport r = LoraInjector.inject(model, LoraConfig.builder()
                .setTargetModules(TargetModules.regex("model\\.layers\\.1\\..*_proj")).optR(2).build());
        assertEquals(7, r.paths().size());
        assertTrue(r.paths().stream().allMatch(p -> p.startsWith("model.layers.1.")));

        ToyDecoder model2 = new ToyDecoder(manager, 2);
        InjectionReport all = LoraInjector.inject(model2, LoraConfig.builder()
                .setTargetModules(TargetModules.names(List.of(TargetModules.ALL_LINEAR))).optR(2).build());
        assertEquals(14, all.paths().size());
        assertFalse(all.paths().contains("lm_head"));
        assertInstanceOf(Linear.class, BlockTree.find(model2, "lm_head"));
    }

    @Test
    void unknownTargetNameListsTheLinearModules() {
        ToyDecoder model = new ToyDecoder(manager, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoraInjector.inject(model,
                LoraConfig.builder().setTargetModules("q_proj", "qkv_proj").build()));
        assertTrue(e.getMessage().contains("[qkv_proj]"), e.getMessage());
        assertTrue(e.getMessage().contains("q_proj, k_proj, v_proj, o_proj, gate_proj, up_proj, down_proj, lm_head"),
                e.getMessage());
        assertInstanceOf(Linear.class, BlockTree.find(model, "model.layers.0.self_attn.q_proj"), "nothing replaced");
        e = assertThrows(IllegalArgumentException.class, () -> LoraInjector.inject(model,
                LoraConfig.builder().setTargetModules("mlp").build()));
        assertTrue(e.getMessage().contains("not a Linear"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> LoraInjector.inject(model,
                LoraConfig.builder().setTargetModules(TargetModules.regex("nothing.*")).build()));
        assertTrue(e.getMessage().contains("match no Linear"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> TargetModules.regex("(("));
    }

    @Test
    void pissaInjectionKeepsTheFunctionAndMergeAllMatches() {
        ToyDecoder model = new ToyDecoder(manager, 2);
        NDArray x = manager.randomNormal(new Shape(4, ToyDecoder.HIDDEN));
        NDArray before = model.run(x);
        LoraInjector.inject(model, LoraConfig.builder().setTargetModules(TargetModules.allLinear()).optR(2)
                .optLoraAlpha(4f).optInitLoraWeights("pissa_niter_4").build());
        assertTrue(model.run(x).sub(before).abs().max().getFloat() < 1e-4f);
        for (LoraLinear l : LoraInjector.loraLayers(model).values()) {
            l.loraB().getArray().addi(manager.randomNormal(l.loraB().getArray().getShape()).mul(0.1f));
        }
        NDArray adapted = model.run(x);
        LoraInjector.mergeAll(model);
        assertTrue(model.run(x).sub(adapted).abs().max().getFloat() < 1e-4f, "merged == unmerged");
        LoraInjector.unmergeAll(model);
        assertTrue(model.run(x).sub(adapted).abs().max().getFloat() < 1e-4f);
    }

    /** A minimal AdaptedLinear subclass, as BADIT/LoRAMoE layers are: a trainable per-output gain on x·Wᵀ. */
    static final class GainLayer extends org.badit.lora.nn.AdaptedLinear {
        private final Parameter gain;

        GainLayer(Linear base) {
            super(arraysOf(base)[0], arraysOf(base)[1]);
            gain = addTrainable("gain", manager().zeros(new Shape(outFeatures())));
        }

        @Override
        protected NDArray delta(ai.djl.training.ParameterStore ps, NDArray x, boolean training,
                ai.djl.util.PairList<String, Object> params) {
            Object scale = params == null ? null : params.get("scale");
            NDArray g = ps.getValue(gain, x.getDevice(), training);
            NDArray d = x.matMul(baseWeightArray().transpose()).mul(g);
            return scale == null ? d : d.mul(((Number) scale).floatValue());
        }

        @Override
        public NDArray deltaWeight() {
            return baseWeightArray().mul(gain.getArray().expandDims(1));
        }
    }

    @Test
    void theFactoryIsPluggableAndParamsReachDelta() {
        ToyDecoder model = new ToyDecoder(manager, 1);
        InjectionReport r = AdapterInjector.builder().setTargets(TargetModules.names(List.of("o_proj")))
                .setFactory((path, linear) -> new GainLayer(linear)).build().inject(model);
        assertEquals(List.of("model.layers.0.self_attn.o_proj"), r.paths());
        assertEquals(ToyDecoder.HIDDEN, r.trainableParameters());
        GainLayer layer = (GainLayer) r.layers().get("model.layers.0.self_attn.o_proj");
        layer.trainableParameters().get(0).getArray().addi(0.5f);
        NDArray x = manager.randomNormal(new Shape(2, ToyDecoder.HIDDEN));
        ai.djl.training.ParameterStore ps = new ai.djl.training.ParameterStore(manager, false);
        NDArray y1 = layer.forward(ps, new ai.djl.ndarray.NDList(x), false).head();
        ai.djl.util.PairList<String, Object> params = new ai.djl.util.PairList<>();
        params.add("scale", 2f);
        NDArray y2 = layer.forward(ps, new ai.djl.ndarray.NDList(x), false, params).head();
        NDArray base = x.matMul(layer.baseWeightArray().transpose());
        assertTrue(y1.sub(base.mul(1.5f)).abs().max().getFloat() < 1e-5f);
        assertTrue(y2.sub(base.mul(2f)).abs().max().getFloat() < 1e-5f, "params reach delta()");
        layer.merge();
        assertTrue(layer.forward(ps, new ai.djl.ndarray.NDList(x), false).head().sub(y1).abs().max().getFloat()
                < 1e-5f);
    }

    @Test
    void configValidationNamesTheField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoraConfig.builder().setTargetModules("q_proj").optR(0).build());
        assertTrue(e.getMessage().startsWith("r "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LoraConfig.builder().setTargetModules("q_proj").optBias("all").build());
        assertTrue(e.getMessage().contains("bias"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LoraConfig.builder().setTargetModules("q_proj").optLoraDropout(1.5f).build());
        assertTrue(e.getMessage().contains("lora_dropout"), e.getMessage());
    }
}
