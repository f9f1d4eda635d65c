package org.badit.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.badit.core.data.SuperNiExamples;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.RouterType;
import org.badit.core.tokenizer.ByteTokenizer;
import org.badit.core.train.Trainer;
import org.badit.core.train.TrainerConfig;
import org.badit.superni.SuperNiTask;
import org.badit.superni.metrics.ContinualMetrics;
import org.badit.superni.prompt.PaperPrompt;
import org.junit.jupiter.api.Test;

class ContinualEvaluationTest {

    @Test
    void sequentialTrainingFillsTheMatrix() throws Exception {
        List<SuperNiTask> tasks = EvalFixtures.tasks(3);
        try (NDManager m = EvalFixtures.manager()) {
            AdaptedModel model = EvalFixtures.badit(EvalFixtures.model(m, 7), RouterType.STATIC, 1);
            List<TrainingExample> train = SuperNiExamples.tokenize(tasks, new PaperPrompt(), new ByteTokenizer(), 96,
                    8);
            ContinualEvaluation ce = new ContinualEvaluation(EvalFixtures.evaluator(model.model()).optMaxNewTokens(6)
                    .optMaxPromptTokens(96).build(), tasks);
            ce.evaluateBaseline();
            assertFalse(ce.matrix().isComplete());
            assertThrows(IllegalStateException.class, () -> ce.matrix().metrics());
            TrainerConfig config = TrainerConfig.builder().optSequential(true).optMaxSteps(2).optBatchSize(2)
                    .optLearningRate(1e-2f).optSeed(1).build();
            new Trainer(config, List.of(ce)).fit(model, train, ByteTokenizer.PAD, false);

            AccuracyMatrix a = ce.matrix();
            assertTrue(a.isComplete());
            assertEquals(2, ce.results().size());
            for (int i = 0; i < 2; i++) {
                for (int j = 0; j < 2; j++) {
                    assertEquals(ce.results().get(i).task(tasks.get(j).name()).rougeL(), a.get(i, j));
                }
            }
            ContinualMetrics expected = ContinualMetrics.of(a.toArray(), a.baseline());
            assertEquals(expected, a.metrics());
            assertEquals((a.get(1, 0) + a.get(1, 1)) / 2, a.metrics().cl(), 1e-12);
            assertTrue(a.toMap().containsKey("fwt"), a.toMap().toString());
        }
    }

    @Test
    void aStageOutOfOrderIsAnError() throws Exception {
        List<SuperNiTask> tasks = EvalFixtures.tasks(1);
        try (NDManager m = EvalFixtures.manager()) {
            ContinualEvaluation ce = new ContinualEvaluation(EvalFixtures.evaluator(EvalFixtures.model(m, 1))
                    .build(), tasks);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ce.onStageEnd(0, tasks.get(1).name()));
            assertTrue(e.getMessage().contains(tasks.get(0).name()), e.getMessage());
            assertThrows(IllegalStateException.class, () -> ce.onStageEnd(0, null));
        }
    }

    @Test
    void matrixMetricsFollowTheDefinitions() {
        AccuracyMatrix a = new AccuracyMatrix(List.of("a", "b"));
        a.setRow(0, new double[] {50, 10});
        a.setRow(1, new double[] {30, 60});
        a.setBaseline(new double[] {5, 4});
        ContinualMetrics c = a.metrics();
        assertEquals(45, c.cl(), 1e-12);
        assertEquals(20, c.fgt(), 1e-12); // max(50) - 30
        assertEquals(-20, c.bwt(), 1e-12); // 30 - 50
        assertEquals(6, c.fwt(), 1e-12); // a[0][1] - b[1] = 10 - 4
        assertThrows(IllegalArgumentException.class, () -> a.setRow(2, new double[] {1, 2}));
    }
}
