package org.badit.core.expert;

import org.badit.core.init.SvdExperts;
import org.badit.core.model.ForwardInputs;
import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.badit.core.expert.router.ExpertRouter;
import org.badit.core.model.ForwardContext;
import org.badit.core.expert.router.SequenceRouter;
import org.badit.core.expert.router.StaticRouter;
import org.badit.core.expert.router.TaskRouter;
import org.badit.core.expert.router.TokenRouter;
import org.badit.lora.engine.Engines;
import org.badit.lora.init.SvdMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BaditLinearTest {

    private static final int K = 4;
    private static final int R = 2;
    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = TestEngine.manager();
        Engines.pytorch().setRandomSeed(7);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static BaditLinear layer(NDArray w, ExpertRouter router) {
        return SvdExperts.split(w, null, K, R, 16f, SvdMethod.exact(), router, 1);
    }

    private static NDArray run(BaditLinear layer, NDArray x, PairList<String, Object> params) {
        return layer.forward(new ParameterStore(manager, false), new NDList(x), false, params).head();
    }

    private static PairList<String, Object> taskIds(long... ids) {
        return ForwardContext.standalone(ForwardInputs.NONE.withTaskIds(manager.create(ids)));
    }

    @Test
    void atInitEveryRouterReproducesTheBaseLayer() {
        NDArray w = manager.randomNormal(new Shape(12, 10));
        NDArray x = manager.randomNormal(new Shape(2, 3, 10));
        NDArray expected = Linear.linear(x, w).head();
        ExpertRouter[] routers = {new StaticRouter(manager, K), new TokenRouter(manager, K, 10),
            new SequenceRouter(manager, K, 10), new TaskRouter(manager, K, 3)};
        for (ExpertRouter router : routers) {
            BaditLinear layer = layer(w, router);
            float diff = run(layer, x, taskIds(0, 2)).sub(expected).abs().max().getFloat();
            assertTrue(diff < 1e-4, router.type() + ": " + diff);
        }
    }

    @Test
    void decompositionReconstructsAndExpertsAreOrthogonal() {
        NDArray w = manager.randomNormal(new Shape(16, 12));
        BaditLinear layer = layer(w, new StaticRouter(manager, K));
        NDArray rebuilt = layer.baseWeightArray().add(layer.deltaWeight());
        assertTrue(rebuilt.sub(w).norm().getFloat() / w.norm().getFloat() < 1e-5);
        NDArray b = layer.expertsB().getArray(); // [K, out, r]
        for (int i = 0; i < K; i++) {
            for (int j = i + 1; j < K; j++) {
                float cross = b.get(i).transpose().matMul(b.get(j)).abs().max().getFloat();
                assertTrue(cross < 1e-4, "experts " + i + "," + j + ": " + cross);
            }
        }
        assertTrue(ExpertMetrics.maxExpertCosine(layer) < 1e-4, "experts orthogonal at init");
        // Expert 0 holds the largest singular values: its B columns have the largest norms.
        NDArray colNorms = b.square().sum(new int[] {1}); // [K, r]
        assertTrue(colNorms.get(0).min().getFloat() >= colNorms.get(K - 1).max().getFloat());
    }

    @Test
    void permutingComponentsKeepsAStaticRouterOutputWhenAlphaIsUniform() {
        NDArray w = manager.randomNormal(new Shape(8, 9));
        NDArray x = manager.randomNormal(new Shape(1, 4, 9));
        BaditLinear layer = layer(w, new StaticRouter(manager, K));
        NDArray before = run(layer, x, null);
        NDArray a0 = layer.expertsA().getArray().duplicate();
        layer.permuteComponents(manager.create(new long[] {7, 6, 5, 4, 3, 2, 1, 0}));
        assertTrue(run(layer, x, null).sub(before).abs().max().getFloat() < 1e-5);
        // component 7 (expert 3, row 1) is now in slot 0 (expert 0, row 0)
        assertEquals(a0.get(3).get(1), layer.expertsA().getArray().get(0).get(0));
    }

    @Test
    void gradientsReachExpertsAndRouterAndComponentsHaveInPlusOutDims() {
        NDArray w = manager.randomNormal(new Shape(10, 9));
        BaditLinear layer = layer(w, new TokenRouter(manager, K, 9));
        NDArray x = manager.randomNormal(new Shape(2, 3, 9));
        try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            NDArray y = layer.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            gc.backward(y.square().sum());
        }
        NDArray g = layer.componentGradients();
        assertNotNull(g);
        assertEquals(new Shape(K * R, 9 + 10), g.getShape());
        assertEquals(3, layer.trainableParameters().size());
        assertTrue(layer.expertsA().getArray().getGradient().abs().sum().getFloat() > 0);
    }

    @Test
    void badShapesAndTooLargeRankAreClearErrors() {
        NDArray w = manager.randomNormal(new Shape(4, 3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> layer(w,
                new StaticRouter(manager, K)));
        assertTrue(e.getMessage().contains("K·r = 8 exceeds"), e.getMessage());
        assertThrows(UnsupportedOperationException.class,
                () -> layer(manager.randomNormal(new Shape(9, 9)), new TokenRouter(manager, K, 9)).deltaWeight());
    }

    @Test
    void metricsSeeSharedDirectionsAndGradientGroups() {
        NDArray w = manager.randomNormal(new Shape(10, 9));
        BaditLinear layer = layer(w, new StaticRouter(manager, K));
        // Copy expert 0's B into expert 1: they now share a column space.
        layer.expertsB().getArray().set(new ai.djl.ndarray.index.NDIndex("1"), layer.expertsB().getArray().get(0));
        assertTrue(ExpertMetrics.maxExpertCosine(layer) > 0.999);
        // Components of one expert share a gradient direction: intra angle 0, inter angle 90.
        NDArray g = manager.eye(K).repeat(0, R); // [K·r, K]
        double[] angles = ExpertMetrics.gradientAngles(g, R);
        assertEquals(0.0, angles[0], 1e-3);
        assertEquals(90.0, angles[1], 1e-3);
    }

    @Test
    void gradientAnglesAreSignInvariantAndInterIsBetweenCentroids() {
        NDArray g = manager.eye(K).repeat(0, R); // [K·r, K]: expert k's components all point along axis k
        // Flip every other component: the same directions for a sign-invariant clustering.
        NDArray signs = manager.create(new float[] {1, -1, 1, -1, 1, -1, 1, -1}).reshape(K * R, 1);
        double[] angles = ExpertMetrics.gradientAngles(g.mul(signs), R);
        assertEquals(0.0, angles[0], 1e-3);
        assertEquals(90.0, angles[1], 1e-3);
        // Two experts whose two components are 45° apart, in orthogonal planes: intra 45°, inter (centroids) 90°.
        float c = (float) Math.sqrt(0.5);
        NDArray spread = manager.create(new float[] {1, 0, 0, 0, c, c, 0, 0, 0, 0, 1, 0, 0, 0, -c, -c},
                new Shape(4, 4));
        double[] two = ExpertMetrics.gradientAngles(spread, 2);
        assertEquals(45.0, two[0], 1e-3);
        assertEquals(90.0, two[1], 1e-3);
    }
}
