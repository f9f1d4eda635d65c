package org.badit.lora.init;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import org.badit.lora.engine.Engines;
import org.badit.lora.linalg.Linalg;
import org.badit.lora.linalg.TestMatrices;
import org.badit.lora.nn.LoraLinear;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class InitializersTest {

    private NDManager manager;
    private NDArray w;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
        w = manager.create(TestMatrices.toFloat(TestMatrices.decaying(48, 40, 0.9, 5))).reshape(48, 40);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private LoraLinear build(LoraInitializer init, float alpha) {
        return init.applyTo(LoraLinear.builder().setBaseWeight(w.duplicate()).setRank(4).optAlpha(alpha).optSeed(2)
                .build(), 2);
    }

    private static double relErr(NDArray approx, NDArray exact) {
        return approx.sub(exact).norm().getFloat() / exact.norm().getFloat();
    }

    private double reconstructionError(LoraLinear l) {
        NDArray ba = l.loraB().getArray().matMul(l.loraA().getArray()).mul(l.scaling());
        return relErr(l.baseWeightArray().add(ba), w);
    }

    @Test
    void pissaReconstructsAndTakesTheTopTriplets() {
        for (SvdMethod method : new SvdMethod[] {SvdMethod.exact(), SvdMethod.randomized(4)}) {
            LoraLinear l = build(new PissaInit(method), 8f);
            assertTrue(reconstructionError(l) < 1e-5, method + ": residual + s·B·A == W");
            assertTrue(l.hasResidualBase());
            // s·B·A holds the top-r singular values of W.
            NDArray ba = l.loraB().getArray().matMul(l.loraA().getArray()).mul(l.scaling());
            float[] top = Linalg.svdvals(w).get(":4").toFloatArray();
            float[] got = Linalg.svdvals(ba).get(":4").toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(top[i], got[i], 1e-3 * top[i], method + " sigma_" + i);
            }
        }
        assertEquals("pissa", new PissaInit(SvdMethod.exact()).peftName());
        assertEquals("pissa_niter_4", new PissaInit(SvdMethod.randomized(4)).peftName());
    }

    @Test
    void miloraReconstructsAndTakesTheSmallestTriplets() {
        LoraLinear l = build(new MiloraInit(), 4f);
        assertTrue(reconstructionError(l) < 1e-5);
        NDArray ba = l.loraB().getArray().matMul(l.loraA().getArray()).mul(l.scaling());
        float[] all = Linalg.svdvals(w).toFloatArray();
        float[] got = Linalg.svdvals(ba).get(":4").toFloatArray();
        assertEquals(all[all.length - 1], got[3], 1e-3 * all[0]);
        assertEquals(all[all.length - 4], got[0], 1e-3 * all[0]);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MiloraInit(SvdMethod.randomized(4)));
        assertTrue(e.getMessage().contains("exact"), e.getMessage());
    }

    @Test
    void oloraReconstructsWithOrthonormalB() {
        LoraLinear l = build(new OloraInit(), 4f);
        assertTrue(reconstructionError(l) < 1e-5);
        NDArray b = l.loraB().getArray();
        assertTrue(b.transpose().matMul(b).sub(manager.eye(4)).abs().max().getFloat() < 1e-4f);
    }

    @Test
    void residualInitsKeepThePretrainedFunction() {
        NDArray x = manager.randomNormal(new Shape(3, 40));
        NDArray expected = x.matMul(w.transpose());
        for (LoraInitializer init : new LoraInitializer[] {new KaimingInit(), new GaussianInit(),
                new PissaInit(SvdMethod.exact()), new MiloraInit(), new OloraInit()}) {
            LoraLinear l = build(init, 16f);
            NDArray y = l.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            assertTrue(relErr(y, expected) < 1e-5, init.peftName());
        }
    }

    @Test
    void randomInitsAreSeededWithBZero() {
        LoraLinear a = build(new KaimingInit(), 4f);
        LoraLinear b = build(new KaimingInit(), 4f);
        assertEquals(0f, a.loraA().getArray().sub(b.loraA().getArray()).abs().max().getFloat());
        assertEquals(0f, a.loraB().getArray().abs().max().getFloat());
        assertTrue(a.loraA().getArray().abs().max().getFloat() <= 1 / Math.sqrt(40) + 1e-6);
        assertFalse(a.hasResidualBase());
        LoraLinear g = build(new GaussianInit(), 4f);
        assertEquals(0.25, g.loraA().getArray().pow(2).mean().sqrt().getFloat(), 0.05);
    }

    @Test
    void peftNamesMapToInitializers() {
        assertInstanceOf(KaimingInit.class, LoraInitializer.fromPeft("true"));
        assertInstanceOf(GaussianInit.class, LoraInitializer.fromPeft("gaussian"));
        assertEquals("pissa_niter_16", LoraInitializer.fromPeft("pissa_niter_16").peftName());
        assertInstanceOf(MiloraInit.class, LoraInitializer.fromPeft("milora"));
        assertInstanceOf(OloraInit.class, LoraInitializer.fromPeft("olora"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoraInitializer.fromPeft("loftq"));
        assertTrue(e.getMessage().contains("loftq") && e.getMessage().contains("pissa_niter_"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> LoraInitializer.fromPeft("pissa_niter_x"));
    }
}
