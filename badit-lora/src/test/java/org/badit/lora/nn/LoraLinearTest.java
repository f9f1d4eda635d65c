package org.badit.lora.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import org.badit.lora.engine.Engines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LoraLinearTest {

    private NDManager manager;

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    private static NDArray forward(AdaptedLinear layer, NDArray x, boolean training) {
        return layer.forward(new ParameterStore(x.getManager(), false), new NDList(x), training).head();
    }

    private LoraLinear layer(int out, int in, int r, float alpha, boolean rs) {
        Engine.getEngine(Engines.ENGINE_NAME).setRandomSeed(1);
        return LoraLinear.builder().setBaseWeight(manager.randomNormal(new Shape(out, in)))
                .optBaseBias(manager.randomNormal(new Shape(out))).setRank(r).optAlpha(alpha).optRsLora(rs)
                .build();
    }

    @Test
    void freshLayerComputesTheBaseFunction() {
        LoraLinear l = layer(6, 5, 2, 4f, false);
        NDArray x = manager.randomNormal(new Shape(3, 4, 5));
        NDArray base = x.matMul(l.baseWeightArray().transpose()).add(l.baseBiasArray());
        NDArray y = forward(l, x, false);
        assertEquals(new Shape(3, 4, 6), y.getShape());
        assertTrue(y.sub(base).abs().max().getFloat() < 1e-5f);
        assertEquals(2f, l.scaling(), 0f);
        assertEquals(2, l.trainableParameters().size());
        assertEquals(4f / (float) Math.sqrt(2), layer(6, 5, 2, 4f, true).scaling(), 1e-6f);
    }

    @Test
    void forwardIsTheLoraFormulaAndMergeMatches() {
        LoraLinear l = layer(8, 7, 3, 6f, false);
        l.setLoraWeights(manager.randomNormal(new Shape(3, 7)), manager.randomNormal(new Shape(8, 3)));
        NDArray x = manager.randomNormal(new Shape(5, 7));
        NDArray a = l.loraA().getArray();
        NDArray b = l.loraB().getArray();
        NDArray expected = x.matMul(l.baseWeightArray().transpose()).add(l.baseBiasArray())
                .add(x.matMul(a.transpose()).matMul(b.transpose()).mul(2f));
        NDArray unmerged = forward(l, x, false);
        assertTrue(unmerged.sub(expected).abs().max().getFloat() < 1e-4f);
        NDArray w0 = l.baseWeightArray().duplicate();
        l.merge();
        assertTrue(l.isMerged());
        NDArray merged = forward(l, x, false);
        assertTrue(merged.sub(unmerged).abs().max().getFloat() < 1e-4f, "merged forward == unmerged forward");
        assertThrows(IllegalStateException.class, () -> forward(l, x, true));
        l.unmerge();
        assertTrue(l.baseWeightArray().sub(w0).abs().max().getFloat() < 1e-5f, "unmerge restores W");
        assertTrue(forward(l, x, false).sub(unmerged).abs().max().getFloat() < 1e-5f);
    }

    @Test
    void dropoutOnlyInTraining() {
        Engine.getEngine(Engines.ENGINE_NAME).setRandomSeed(3);
        LoraLinear l = LoraLinear.builder().setBaseWeight(manager.zeros(new Shape(4, 50))).setRank(2)
                .optDropout(0.5f).build();
        l.setLoraWeights(manager.ones(new Shape(2, 50)), manager.ones(new Shape(4, 2)));
        NDArray x = manager.ones(new Shape(1, 50));
        assertEquals(100f, forward(l, x, false).getFloat(0, 0), 1e-4f);
        NDArray y = forward(l, x, true);
        assertTrue(Math.abs(y.getFloat(0, 0) - 100f) > 1e-3f, "dropout changes the training forward");
    }

    @Test
    void badArgumentsAreClearErrors() {
        NDArray w = manager.zeros(new Shape(4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LoraLinear.builder().setBaseWeight(w).setRank(5).build());
        assertTrue(e.getMessage().contains("exceeds"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> LoraLinear.builder().setBaseWeight(w).setRank(2).optDropout(1f).build());
        LoraLinear l = LoraLinear.builder().setBaseWeight(w).setRank(2).build();
        e = assertThrows(IllegalArgumentException.class,
                () -> l.setLoraWeights(manager.zeros(new Shape(2, 4)), manager.zeros(new Shape(4, 2))));
        assertTrue(e.getMessage().contains("lora_A"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> forward(l, manager.zeros(new Shape(2, 5)), false));
    }

    /** A toy low-rank regression: the target is W + a rank-2 update; only A and B train, with plain Adam. */
    @Test
    void trainingDrivesTheLossNearZero() {
        Engine engine = Engine.getEngine(Engines.ENGINE_NAME);
        engine.setRandomSeed(11);
        int in = 16;
        int out = 12;
        NDArray w = manager.randomNormal(new Shape(out, in));
        NDArray target = w.add(manager.randomNormal(new Shape(out, 2)).matMul(manager.randomNormal(new Shape(2, in)))
                .mul(0.5f));
        LoraLinear l = LoraLinear.builder().setBaseWeight(w.duplicate()).setRank(2).optAlpha(2f).optSeed(5).build();
        NDArray x = manager.randomNormal(new Shape(128, in));
        NDArray yTrue = x.matMul(target.transpose());
        float lr = 0.02f;
        float first = Float.NaN;
        float loss = Float.NaN;
        Parameter[] params = l.trainableParameters().toArray(new Parameter[0]);
        NDArray[] m1 = new NDArray[params.length];
        NDArray[] m2 = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            m1[i] = params[i].getArray().zerosLike();
            m2[i] = params[i].getArray().zerosLike();
        }
        for (int step = 1; step <= 600; step++) {
            try (NDManager scope = manager.newSubManager()) {
                try (GradientCollector gc = engine.newGradientCollector()) {
                    NDArray xs = x.duplicate();
                    xs.attach(scope);
                    NDArray lossArr = forward(l, xs, true).sub(yTrue).square().mean();
                    gc.backward(lossArr);
                    loss = lossArr.getFloat();
                }
                if (step == 1) {
                    first = loss;
                } else if (loss < 1e-4f * first) {
                    break; // converged: keeps the test fast on a loaded machine
                }
                // The update runs after the collector closes: in-place ops on leaves are refused in grad mode.
                for (int i = 0; i < params.length; i++) {
                    NDArray p = params[i].getArray();
                    NDArray g = p.getGradient();
                    m1[i].muli(0.9f).addi(g.mul(0.1f));
                    m2[i].muli(0.999f).addi(g.square().mul(0.001f));
                    NDArray mhat = m1[i].div(1 - Math.pow(0.9, step));
                    NDArray vhat = m2[i].div(1 - Math.pow(0.999, step));
                    NDArray update = mhat.div(vhat.sqrt().add(1e-8f)).mul(lr);
                    p.subi(update);
                    g.muli(0f); // gradients accumulate across collectors: zero them as optimizer.zero_grad()
                    g.attach(scope);
                    update.attach(scope);
                    mhat.attach(scope);
                    vhat.attach(scope);
                }
            }
        }
        assertTrue(first > 1f, "initial loss " + first);
        assertTrue(loss < 1e-3f * first, "loss " + first + " -> " + loss);
        assertTrue(l.baseWeightArray().sub(w).abs().max().getFloat() == 0f, "the base stayed frozen");
    }
}
