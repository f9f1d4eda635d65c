package org.badit.core.expert;

import org.badit.core.init.SvdExperts;
import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.core.expert.router.SequenceRouter;
import org.badit.core.expert.router.StaticRouter;
import org.badit.core.train.AdamW;
import org.badit.lora.engine.Engines;
import org.badit.lora.init.SvdMethod;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DogTest {

    private static final int K = 4;
    private static final int R = 3;
    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = TestEngine.manager();
        Engines.pytorch().setRandomSeed(11);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static Map<String, BaditLinear> layers(int count) {
        Map<String, BaditLinear> out = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            NDArray w = manager.randomNormal(new Shape(20, 16));
            out.put("model.layers." + i + ".mlp.gate_proj", SvdExperts.split(w, null, K, R, 2 * R,
                    SvdMethod.exact(), new StaticRouter(manager, K), i));
        }
        return out;
    }

    private static Map<String, Parameter> named(Map<String, BaditLinear> layers) {
        Map<String, Parameter> p = new LinkedHashMap<>();
        layers.forEach((name, l) -> l.trainableParameters().forEach(q -> p.put(name + "." + q.getName(), q)));
        return p;
    }

    private static void trainStep(Map<String, BaditLinear> layers, NDArray x, AdamW adam, Dog dog) {
        try (GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            gc.zeroGradients();
            NDArray loss = null;
            for (BaditLinear l : layers.values()) {
                NDArray y = l.forward(new ParameterStore(manager, false), new NDList(x), true).head();
                // A target that pulls different directions of the input into different outputs.
                NDArray term = y.get(":, :, :10").sub(x.get(":, :, :10").mul(3)).square().sum();
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
        dog.observe();
        adam.step(named(layers), 1e-2f);
    }

    /** Each component as the concatenation of its A row and B column, one row per component. */
    private static float[][] components(BaditLinear l) {
        NDArray c = l.expertsA().getArray().reshape(K * R, 16)
                .concat(l.expertsB().getArray().transpose(0, 2, 1).reshape(K * R, 20), 1);
        float[] flat = c.toFloatArray();
        float[][] rows = new float[K * R][36];
        for (int i = 0; i < K * R; i++) {
            System.arraycopy(flat, i * 36, rows[i], 0, 36);
        }
        return rows;
    }

    @Test
    void aRegroupIsAPermutationAndMomentsMoveWithTheirComponents() {
        Map<String, BaditLinear> layers = layers(3);
        AdamW adam = AdamW.builder().setManager(manager).build();
        // The literal DOG (no re-orthogonalisation): a regroup is then a pure permutation of the parameters.
        Dog dog = Dog.builder().setLayers(layers).optSeed(3).optOrthogonalize(false).build();
        NDArray x = manager.randomNormal(new Shape(4, 5, 16));
        trainStep(layers, x, adam, dog);
        // Make each moment identify its component: m = the parameter itself.
        Map<String, Parameter> params = named(layers);
        for (String name : List.of("experts_A", "experts_B")) {
            layers.keySet().forEach(l -> {
                AdamW.Moments m = adam.moments(l + "." + name);
                NDArray p = params.get(l + "." + name).getArray();
                m.first().set(new ai.djl.ndarray.index.NDIndex("..."), p);
            });
        }
        List<float[][]> before = new ArrayList<>();
        layers.values().forEach(l -> before.add(components(l)));
        Dog.Report report = dog.regroup(adam);
        assertTrue(report.componentsMoved() > 0, "random gradients should move some components");
        int li = 0;
        for (Map.Entry<String, BaditLinear> e : layers.entrySet()) {
            float[][] after = components(e.getValue());
            boolean[] used = new boolean[K * R];
            for (float[] row : before.get(li)) {
                int found = -1;
                for (int j = 0; j < after.length; j++) {
                    if (!used[j] && java.util.Arrays.equals(row, after[j])) {
                        found = j;
                        break;
                    }
                }
                assertTrue(found >= 0, "a component was lost or duplicated");
                used[found] = true;
            }
            assertEquals(e.getValue().expertsA().getArray(), adam.moments(e.getKey() + ".experts_A").first());
            assertEquals(e.getValue().expertsB().getArray(), adam.moments(e.getKey() + ".experts_B").first());
            li++;
        }
    }

    @Test
    void withAStaticRouterARegroupLeavesTheOutputUnchanged() {
        Map<String, BaditLinear> layers = layers(2);
        AdamW adam = AdamW.builder().setManager(manager).build();
        Dog dog = Dog.builder().setLayers(layers).optSeed(5).build();
        NDArray x = manager.randomNormal(new Shape(4, 5, 16));
        for (int s = 0; s < 3; s++) {
            trainStep(layers, x, adam, dog);
        }
        // Make α clearly non-uniform (and one negative) so the rescaling matters.
        for (BaditLinear l : layers.values()) {
            l.router().staticWeights().set(new ai.djl.ndarray.index.NDIndex("..."),
                    manager.create(new float[] {1.5f, 0.5f, -0.8f, 2f}));
        }
        List<NDArray> outputs = new ArrayList<>();
        layers.values().forEach(l -> outputs.add(
                l.forward(new ParameterStore(manager, false), new NDList(x), false).head()));
        Dog.Report report = dog.regroup(adam);
        assertTrue(report.componentsMoved() > 0);
        int i = 0;
        for (BaditLinear l : layers.values()) {
            NDArray y = l.forward(new ParameterStore(manager, false), new NDList(x), false).head();
            float diff = y.sub(outputs.get(i++)).abs().max().getFloat();
            assertTrue(diff < 1e-4f, "output changed by " + diff);
        }
    }

    /** Per component: the effective rank-1 update α_slot·b⊗a, flattened (what the layer adds up). */
    private static float[][] effectiveComponents(BaditLinear l) {
        NDArray alpha = l.router().staticWeights().repeat(0, R); // [N]
        NDArray a = ComponentLayout.rowsOfA(l.expertsA().getArray()); // [N, in]
        NDArray b = ComponentLayout.rowsOfB(l.expertsB().getArray()); // [N, out]
        NDArray outer = b.expandDims(2).mul(a.expandDims(1)).mul(alpha.reshape(K * R, 1, 1)); // [N, out, in]
        return rows(outer.reshape(K * R, -1));
    }

    /** Per component: [m⊙a ; m⊙b ; v⊙a² ; v⊙b²], invariant under a consistent rescale of parameter and moments. */
    private static float[][] momentInvariants(BaditLinear l, AdamW adam, String name) {
        AdamW.Moments ma = adam.moments(name + ".experts_A");
        AdamW.Moments mb = adam.moments(name + ".experts_B");
        NDArray a = ComponentLayout.rowsOfA(l.expertsA().getArray());
        NDArray b = ComponentLayout.rowsOfB(l.expertsB().getArray());
        NDArray inv = ComponentLayout.rowsOfA(ma.first()).mul(a).concat(ComponentLayout.rowsOfB(mb.first()).mul(b), 1)
                .concat(ComponentLayout.rowsOfA(ma.second()).mul(a.square()), 1)
                .concat(ComponentLayout.rowsOfB(mb.second()).mul(b.square()), 1);
        return rows(inv);
    }

    private static float[][] rows(NDArray m) {
        int n = (int) m.getShape().get(0);
        int d = (int) m.getShape().get(1);
        float[] flat = m.toFloatArray();
        float[][] out = new float[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(flat, i * d, out[i], 0, d);
        }
        return out;
    }

    /** Finds the permutation that maps {@code before} rows onto {@code after} rows (within tol); fails otherwise. */
    private static int[] matchRows(float[][] before, float[][] after, float tol, String what) {
        int[] match = new int[before.length];
        boolean[] used = new boolean[after.length];
        for (int i = 0; i < before.length; i++) {
            int best = -1;
            double bestErr = Double.MAX_VALUE;
            for (int j = 0; j < after.length; j++) {
                if (used[j]) {
                    continue;
                }
                double err = 0;
                double scale = 1e-12;
                for (int c = 0; c < before[i].length; c++) {
                    err = Math.max(err, Math.abs(before[i][c] - after[j][c]));
                    scale = Math.max(scale, Math.abs(before[i][c]));
                }
                if (err / scale < bestErr) {
                    bestErr = err / scale;
                    best = j;
                }
            }
            assertTrue(bestErr < tol, what + ": component " + i + " was lost or duplicated (relative error "
                    + bestErr + ")");
            used[best] = true;
            match[i] = best;
        }
        return match;
    }

    @Test
    void afterManyStepsWithAlphaFarFromOneARegroupPermutesComponentsAndTheirRescaledMoments() {
        Map<String, BaditLinear> layers = layers(2);
        AdamW adam = AdamW.builder().setManager(manager).build();
        Dog dog = Dog.builder().setLayers(layers).optSeed(7).optOrthogonalize(false).build();
        NDArray x = manager.randomNormal(new Shape(4, 5, 16));
        for (BaditLinear l : layers.values()) {
            l.router().staticWeights().set(new ai.djl.ndarray.index.NDIndex("..."),
                    manager.create(new float[] {-2f, 3f, -2f, 3f}));
        }
        int totalMoved = 0;
        for (int step = 0; step < 12; step++) {
            trainStep(layers, x, adam, dog);
            List<float[][]> effective = new ArrayList<>();
            List<float[][]> moments = new ArrayList<>();
            layers.forEach((name, l) -> {
                effective.add(effectiveComponents(l));
                moments.add(momentInvariants(l, adam, name));
            });
            totalMoved += dog.regroup(adam).componentsMoved();
            int li = 0;
            for (Map.Entry<String, BaditLinear> e : layers.entrySet()) {
                int[] perm = matchRows(effective.get(li), effectiveComponents(e.getValue()), 1e-4f, "update");
                float[][] after = momentInvariants(e.getValue(), adam, e.getKey());
                for (int i = 0; i < perm.length; i++) {
                    float[] want = moments.get(li)[i];
                    float[] got = after[perm[i]];
                    for (int c = 0; c < want.length; c++) {
                        assertEquals(want[c], got[c], 1e-4f * Math.max(1f, Math.abs(want[c])),
                                "moments of component " + i + " did not follow it (column " + c + ")");
                    }
                }
                li++;
            }
        }
        assertTrue(totalMoved > 0, "twelve regroups of conflicting gradients should move something");
    }

    @Test
    void reOrthogonalisedRegroupsPreserveTheOutputAndKeepExpertsOrthogonal() {
        Map<String, BaditLinear> layers = layers(2);
        AdamW adam = AdamW.builder().setManager(manager).build();
        Dog dog = Dog.builder().setLayers(layers).optSeed(9).build();
        NDArray x = manager.randomNormal(new Shape(4, 5, 16));
        for (BaditLinear l : layers.values()) {
            l.router().staticWeights().set(new ai.djl.ndarray.index.NDIndex("..."),
                    manager.create(new float[] {-2f, 3f, 0.5f, 1.5f}));
        }
        for (int step = 0; step < 10; step++) {
            trainStep(layers, x, adam, dog);
            List<NDArray> outputs = new ArrayList<>();
            layers.values().forEach(l -> outputs.add(
                    l.forward(new ParameterStore(manager, false), new NDList(x), false).head()));
            Dog.Report report = dog.regroup(adam);
            assertEquals(2, report.layersOrthogonalized());
            int i = 0;
            for (BaditLinear l : layers.values()) {
                NDArray y = l.forward(new ParameterStore(manager, false), new NDList(x), false).head();
                float diff = y.sub(outputs.get(i)).abs().max().getFloat();
                float scale = outputs.get(i++).abs().max().getFloat();
                assertTrue(diff < 1e-4f * scale, "output changed by " + diff + " at step " + step);
                assertTrue(ExpertMetrics.maxExpertCosine(l) < 1e-3, "experts not orthogonal after a regroup: "
                        + ExpertMetrics.maxExpertCosine(l));
            }
        }
    }

    @Test
    void layersWhoseRoutingDependsOnTheInputAreRegroupedButNotReOrthogonalised() {
        // Per-prompt routers with random gates: each sequence weights the experts differently.
        Map<String, BaditLinear> layers = new LinkedHashMap<>();
        for (int i = 0; i < 2; i++) {
            NDArray w = manager.randomNormal(new Shape(20, 16));
            SequenceRouter router = new SequenceRouter(manager, K, 16);
            router.getParameters().valueAt(0).getArray().set(new ai.djl.ndarray.index.NDIndex("..."),
                    manager.randomNormal(new Shape(K, 16)).mul(2f));
            layers.put("model.layers." + i + ".mlp.gate_proj", SvdExperts.split(w, null, K, R, 2 * R,
                    SvdMethod.exact(), router, i));
        }
        NDArray x = manager.randomNormal(new Shape(4, 5, 16));
        AdamW adam = AdamW.builder().setManager(manager).build();
        Dog gated = Dog.builder().setLayers(layers).optSeed(9).optOrthogonalizeMaxSpread(0.1f).build();
        trainStep(layers, x, adam, gated);
        float spread = layers.values().iterator().next().routingSpread().getFloat();
        assertTrue(spread > 0.1f, "routing spread " + spread);
        assertEquals(0, gated.regroup(adam).layersOrthogonalized());
        Dog always = Dog.builder().setLayers(layers).optSeed(9).build(); // the default: every layer
        trainStep(layers, x, adam, always);
        assertEquals(2, always.regroup(adam).layersOrthogonalized());
    }

    private static Map<String, BaditLinear> sequenceRoutedLayers(int count) {
        // Per-prompt routers with random gates: each sequence weights the experts differently.
        Map<String, BaditLinear> layers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            NDArray w = manager.randomNormal(new Shape(20, 16));
            SequenceRouter router = new SequenceRouter(manager, K, 16);
            router.getParameters().valueAt(0).getArray().set(new ai.djl.ndarray.index.NDIndex("..."),
                    manager.randomNormal(new Shape(K, 16)).mul(2f));
            layers.put("model.layers." + i + ".mlp.gate_proj", SvdExperts.split(w, null, K, R, 2 * R,
                    SvdMethod.exact(), router, i));
        }
        return layers;
    }

    private static List<NDArray> outputs(Map<String, BaditLinear> layers, NDArray x) {
        List<NDArray> out = new ArrayList<>();
        layers.values().forEach(l -> out.add(l.forward(new ParameterStore(manager, false), new NDList(x), false)
                .head()));
        return out;
    }

    private static float largestChange(List<NDArray> before, List<NDArray> after) {
        float worst = 0;
        for (int i = 0; i < before.size(); i++) {
            float scale = before.get(i).abs().max().getFloat();
            worst = Math.max(worst, after.get(i).sub(before.get(i)).abs().max().getFloat() / scale);
        }
        return worst;
    }

    @Test
    void underAnInputRouterARegroupIsExactForEveryInputAndTheHandOffEndsOnTheOwnExperts() {
        Map<String, BaditLinear> layers = sequenceRoutedLayers(2);
        AdamW adam = AdamW.builder().setManager(manager).build();
        Dog dog = Dog.builder().setLayers(layers).optSeed(9).optOrthogonalize(false).optHandoffSteps(4).build();
        NDArray x = manager.randomNormal(new Shape(4, 5, 16));
        NDArray unseen = manager.randomNormal(new Shape(6, 3, 16)); // inputs the regroup never saw
        trainStep(layers, x, adam, dog);
        List<NDArray> before = outputs(layers, unseen);
        assertTrue(dog.regroup(adam).componentsMoved() > 0, "the regroup should move components");
        float change = largestChange(before, outputs(layers, unseen));
        assertTrue(change < 1e-5f, "a regroup changed the output by " + change + " of its scale");
        BaditLinear layer = layers.values().iterator().next();
        assertTrue(layer.componentRouting() != null, "moved components keep their old routing");
        // The column goes linearly to the new expert's: after one of four steps, 3/4 of the way is left.
        NDArray own = layer.ownRouting(manager);
        NDArray atMove = layer.componentRouting().duplicate();
        dog.handOff();
        NDArray expected = own.add(atMove.sub(own).mul(0.75f));
        assertTrue(layer.componentRouting().sub(expected).abs().max().getFloat() < 1e-5f, "not linear");
        // Another regroup in between is exact too, whatever the columns hold.
        trainStep(layers, x, adam, dog);
        List<NDArray> mid = outputs(layers, unseen);
        dog.regroup(adam);
        assertTrue(largestChange(mid, outputs(layers, unseen)) < 1e-5f, "a regroup during a hand-off changed the output");
        for (int step = 0; step < 3; step++) {
            dog.handOff();
            assertTrue(!dog.handOffState().isEmpty(), "finished early, after " + (step + 1) + " steps");
        }
        dog.handOff(); // four steps after the last regroup's move
        layers.values().forEach(l -> assertEquals(null, l.componentRouting(), "hand-off not finished"));
        assertTrue(dog.handOffState().isEmpty());
    }

    @Test
    void withoutAHandOffAnInputRouterRegroupChangesTheOutput() {
        Map<String, BaditLinear> layers = sequenceRoutedLayers(2);
        AdamW adam = AdamW.builder().setManager(manager).build();
        Dog dog = Dog.builder().setLayers(layers).optSeed(9).optOrthogonalize(false).optHandoffSteps(0).build();
        NDArray x = manager.randomNormal(new Shape(4, 5, 16));
        trainStep(layers, x, adam, dog);
        List<NDArray> before = outputs(layers, x);
        assertTrue(dog.regroup(adam).componentsMoved() > 0);
        // The contrast the hand-off exists for: the mean-α rescale is exact only on average over the batch.
        assertTrue(largestChange(before, outputs(layers, x)) > 1e-3f);
        assertTrue(dog.handOffState().isEmpty());
    }

    @Test
    void completingHandOffsPutsEveryComponentOnItsOwnExpert() {
        Map<String, BaditLinear> layers = sequenceRoutedLayers(1);
        AdamW adam = AdamW.builder().setManager(manager).build();
        Dog dog = Dog.builder().setLayers(layers).optSeed(9).optOrthogonalize(false).optHandoffSteps(10).build();
        trainStep(layers, manager.randomNormal(new Shape(4, 5, 16)), adam, dog);
        dog.regroup(adam);
        assertTrue(dog.completeHandOffs(), "a hand-off was pending");
        assertTrue(dog.handOffState().isEmpty());
        assertTrue(!dog.completeHandOffs(), "nothing left to complete");
    }

    @Test
    void theLiteralDogLetsExpertSubspacesDrift() {
        Map<String, BaditLinear> layers = layers(1);
        AdamW adam = AdamW.builder().setManager(manager).build();
        Dog dog = Dog.builder().setLayers(layers).optSeed(9).optOrthogonalize(false).build();
        NDArray x = manager.randomNormal(new Shape(4, 5, 16));
        for (int step = 0; step < 10; step++) {
            trainStep(layers, x, adam, dog);
            dog.regroup(adam);
        }
        // The contrast the option exists for: without re-orthogonalisation nothing pulls the subspaces apart again.
        assertTrue(ExpertMetrics.maxExpertCosine(layers.values().iterator().next()) > 1e-2);
    }

    @Test
    void componentsWithoutAnyGradientDoNotStopARegroup() {
        Map<String, BaditLinear> layers = layers(2);
        AdamW adam = AdamW.builder().setManager(manager).build();
        Dog dog = Dog.builder().setLayers(layers).optSeed(4).build();
        NDArray x = manager.randomNormal(new Shape(4, 5, 16));
        trainStep(layers, x, adam, dog);
        // Expert 0 of every layer received nothing (as under an expert its router has switched off).
        dog.emaState().get(0).set(new ai.djl.ndarray.index.NDIndex(":, 0:" + R), 0f);
        Dog.Report report = dog.regroup(adam);
        assertTrue(report.index() == 1, "the regroup ran");
    }
}
