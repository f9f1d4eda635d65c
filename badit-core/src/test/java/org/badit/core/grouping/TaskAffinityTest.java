package org.badit.core.grouping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.core.data.TrainingExample;
import org.badit.core.eval.GradientConflict;
import org.badit.core.eval.GradientConflictTest;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.Methods;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ScratchModels;
import org.badit.core.testing.TestEngine;
import org.badit.core.tokenizer.ByteTokenizer;
import org.badit.lora.engine.Engines;
import org.badit.lora.TargetModules;
import org.junit.jupiter.api.Test;

/** The two estimators on a tiny random model and three toy tasks: shapes, symmetry, and no trace left behind. */
class TaskAffinityTest {

    private static AdaptedModel lora(NDManager m) {
        DecoderLM lm = DecoderLM.randomInit(ScratchModels.llama(ByteTokenizer.VOCAB_SIZE, 32, 64, 2, 4, 2,
                ByteTokenizer.BOS, ByteTokenizer.EOS), 7, m);
        return Methods.apply(lm, MethodConfig.builder().setMethod(Method.LORA).optExperts(1).optRank(4)
                .optTargets(TargetModules.allLinear()).optSeed(3).build());
    }

    private static Map<String, float[]> snapshot(AdaptedModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, Parameter> e : model.trainableParameters().entrySet()) {
            out.put(e.getKey(), e.getValue().getArray().toFloatArray());
        }
        return out;
    }

    @Test
    void gradientAffinityOfSingletonsIsTheGradientConflictMatrix() {
        Engines.setThreads(1);
        try (NDManager m = TestEngine.manager()) {
            AdaptedModel model = lora(m);
            AffinityWarmup.run(model, GradientConflictTest.toyTasks(4), 3, 2, 4, 1e-2f, ByteTokenizer.PAD, 1);
            List<TrainingExample> examples = GradientConflictTest.toyTasks(4);
            GradientAffinity g = GradientAffinity.builder().setModel(model).setExamples(examples, 3)
                    .setPadId(ByteTokenizer.PAD).optExamplesPerTask(4).build();
            double[][] t = g.between(List.of(List.of(0), List.of(1), List.of(2)));
            double[][] expected = GradientConflict.measure(model, examples, 4, ByteTokenizer.PAD).cosine();
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(expected[i], t[i], 1e-6);
            }
            // A group's batch mixes its members round robin: {0, 1} is neither 0 nor 1 alone.
            double[][] grouped = g.between(List.of(List.of(0, 1), List.of(2)));
            assertEquals(2, grouped.length);
            assertTrue(grouped[0][1] >= -1 && grouped[0][1] <= 1);
        }
    }

    @Test
    void lossAffinityIsSymmetricReproducibleAndRestoresTheModel() {
        Engines.setThreads(1);
        try (NDManager m = TestEngine.manager()) {
            AdaptedModel model = lora(m);
            List<TrainingExample> all = GradientConflictTest.toyTasks(6);
            List<TrainingExample> train = new ArrayList<>();
            List<TrainingExample> validation = new ArrayList<>();
            for (TrainingExample e : all) {
                (e.id().endsWith("-4") || e.id().endsWith("-5") ? validation : train).add(e);
            }
            LossAffinity loss = LossAffinity.builder().setModel(model).setExamples(train, validation, 3)
                    .setPadId(ByteTokenizer.PAD).optSteps(2).optBatchSize(4).optLearningRate(1e-2f).build();
            Map<String, float[]> before = snapshot(model);
            List<List<Integer>> groups = List.of(List.of(0), List.of(1), List.of(2));
            double[][] t = loss.between(groups);
            Map<String, float[]> after = snapshot(model);
            before.forEach((name, v) -> assertArrayEquals(v, after.get(name), name + " restored"));
            double[][] again = loss.between(groups);
            for (int a = 0; a < 3; a++) {
                for (int b = 0; b < 3; b++) {
                    assertTrue(Double.isFinite(t[a][b]));
                    assertEquals(t[a][b], t[b][a], 0.0, "symmetric");
                    assertEquals(t[a][b], again[a][b], 1e-6, "reproducible");
                }
                // Training on a task lowers its own validation loss.
                assertTrue(t[a][a] > 0, "self-affinity " + t[a][a]);
            }
        }
    }
}
