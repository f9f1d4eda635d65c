package org.badit.core.train;

import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import org.badit.lora.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AdamW, clipping and the schedule against hand-computed PyTorch semantics. */
class OptimizerTest {

    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = TestEngine.manager();
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static Parameter param(float... values) {
        NDArray a = manager.create(values);
        Parameter p = Parameter.builder().setName("w").setType(Parameter.Type.WEIGHT).optArray(a).build();
        a.setRequiresGradient(true);
        return p;
    }

    /** Loss = Σ c_i · w_i, so the gradient is c. */
    private static void backward(Parameter p, float... c) {
        try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            gc.zeroGradients(); // DJL accumulates gradients across backward calls, like PyTorch without zero_grad
            gc.backward(p.getArray().mul(manager.create(c)).sum());
        }
    }

    @Test
    void adamWMatchesTheTorchFormulaOverTwoSteps() {
        Parameter p = param(1f, -2f);
        AdamW adam = AdamW.builder().setManager(manager).optWeightDecay(0.1f).build();
        float lr = 0.01f;
        double[] w = {1, -2};
        double[] m = {0, 0};
        double[] v = {0, 0};
        float[][] grads = {{0.5f, -1f}, {2f, 0.25f}};
        for (int t = 1; t <= 2; t++) {
            backward(p, grads[t - 1]);
            adam.step(Map.of("w", p), lr);
            for (int i = 0; i < 2; i++) {
                double g = grads[t - 1][i];
                w[i] -= lr * 0.1 * w[i];
                m[i] = 0.9 * m[i] + 0.1 * g;
                v[i] = 0.999 * v[i] + 0.001 * g * g;
                double mHat = m[i] / (1 - Math.pow(0.9, t));
                double vHat = v[i] / (1 - Math.pow(0.999, t));
                w[i] -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
            }
        }
        float[] got = p.getArray().toFloatArray();
        assertEquals(w[0], got[0], 1e-6);
        assertEquals(w[1], got[1], 1e-6);
        assertEquals(2, adam.stepCount());
        assertArrayEquals(new float[] {(float) m[0], (float) m[1]}, adam.moments("w").first().toFloatArray(), 1e-6f);
    }

    @Test
    void momentsPermuteAlongAnAxis() {
        NDArray w = manager.arange(6f).reshape(3, 2);
        AdamW.Moments mv = new AdamW.Moments(w.duplicate(), w.mul(10));
        mv.permute(0, manager.create(new long[] {2, 0, 1}));
        assertArrayEquals(new float[] {4, 5, 0, 1, 2, 3}, mv.first().toFloatArray());
        mv.permute(1, manager.create(new long[] {1, 0}));
        assertArrayEquals(new float[] {50, 40, 10, 0, 30, 20}, mv.second().toFloatArray());
    }

    @Test
    void clippingScalesToTheGlobalNorm() {
        NDArray a = manager.create(new float[] {3f, 0f});
        NDArray b = manager.create(new float[] {0f, 4f}, new Shape(2, 1));
        NDArray norm = GradientClipping.clipGlobalNorm(List.of(a, b), 1f);
        assertEquals(5f, norm.getFloat(), 1e-6f);
        assertEquals(1.0, Math.hypot(a.getFloat(0), b.getFloat(1, 0)), 1e-5);
        NDArray c = manager.create(new float[] {0.3f});
        GradientClipping.clipGlobalNorm(List.of(c), 1f);
        assertEquals(0.3f, c.getFloat(0), 0f);
    }

    @Test
    void cosineScheduleWarmsUpThenDecays() {
        CosineSchedule s = new CosineSchedule(1f, 4, 14, 0f);
        assertEquals(0.2f, s.getNewValue(0), 1e-6f);
        assertEquals(0.8f, s.getNewValue(3), 1e-6f);
        assertEquals(1f, s.getNewValue(4), 1e-6f);
        assertEquals(0.5f, s.getNewValue(9), 1e-6f);
        assertEquals(0f, s.getNewValue(14), 1e-6f);
    }
}
