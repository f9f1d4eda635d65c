package org.badit.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.badit.core.generate.Generator;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.RouterType;
import org.badit.core.model.DecoderLM;
import org.badit.core.tokenizer.ByteTokenizer;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.EvaluationFiles;
import org.badit.superni.metrics.Prediction;
import org.badit.superni.prompt.AnswerExtractor;
import org.badit.superni.prompt.PaperPrompt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EvaluatorTest {

    @TempDir
    Path dir;

    @Test
    void everyInstanceIsPredictedAndFilesAreOfficial() throws Exception {
        List<SuperNiTask> tasks = EvalFixtures.tasks(6);
        try (NDManager m = EvalFixtures.manager()) {
            EvaluationResult r = EvalFixtures.evaluator(EvalFixtures.model(m, 7)).optBatchSize(4).build()
                    .evaluate(tasks);
            List<String> ids = new ArrayList<>();
            tasks.forEach(t -> t.instances().forEach(i -> ids.add(i.id())));
            assertEquals(12, ids.size());
            assertEquals(ids, r.predictions().stream().map(Prediction::id).toList());
            assertTrue(r.report().single().missingIds().isEmpty());
            assertEquals(6, r.task(EvalFixtures.TASKS.get(0)).count());

            Path predictions = dir.resolve("predictions.jsonl");
            r.writePredictions(predictions);
            assertEquals(r.predictions(), EvaluationFiles.readPredictions(predictions));
            Path metrics = dir.resolve("metrics.json");
            r.writeMetrics(metrics);
            JsonObject json = JsonParser.parseString(Files.readString(metrics)).getAsJsonObject();
            assertTrue(json.has("exact_match") && json.has("rougeL"), json.keySet().toString());
            for (SuperNiTask t : tasks) {
                assertTrue(json.has("rougeL_for_" + t.name()), json.keySet().toString());
                assertTrue(json.has("exact_match_for_" + t.categoryKey()), json.keySet().toString());
            }
            assertEquals(r.report().overall().rougeL(), json.get("rougeL").getAsDouble());
        }
    }

    @Test
    void theThroughputCountsEveryPromptAndTokenAndItsPhasesAddUp() throws Exception {
        List<SuperNiTask> tasks = EvalFixtures.tasks(6);
        try (NDManager m = EvalFixtures.manager()) {
            EvaluationResult r = EvalFixtures.evaluator(EvalFixtures.model(m, 7)).optBatchSize(5).build()
                    .evaluate(tasks);
            EvaluationThroughput t = r.throughput();
            assertEquals(12, t.instances());
            assertEquals(3, t.batches()); // 12 prompts in batches of 5
            long promptTokens = 0;
            for (SuperNiTask task : tasks) {
                for (var instance : task.instances()) {
                    promptTokens += new org.badit.core.tokenizer.ByteTokenizer().encode(new org.badit.superni.prompt.PaperPrompt()
                            .source(task, instance), true).length;
                }
            }
            assertEquals(promptTokens, t.promptTokens());
            assertTrue(t.generatedTokens() >= 12 && t.generatedTokens() <= 12L * 12, "generated " + t.generatedTokens());
            for (double phase : new double[] {t.tokenizeSeconds(), t.prefillSeconds(), t.decodeSeconds(),
                t.answerSeconds(), t.scoreSeconds()}) {
                assertTrue(phase >= 0);
            }
            assertTrue(t.prefillSeconds() > 0 && t.scoreSeconds() > 0);
            assertEquals(t.totalSeconds(), t.tokenizeSeconds() + t.prefillSeconds() + t.decodeSeconds()
                    + t.answerSeconds() + t.scoreSeconds(), 1e-12);
            @SuppressWarnings("unchecked")
            java.util.Map<String, Object> share = (java.util.Map<String, Object>) t.toMap().get("share");
            double sum = share.values().stream().mapToDouble(v -> (Double) v).sum();
            assertEquals(1.0, sum, 1e-3);
        }
    }

    @Test
    void batchedDecodingEqualsOneByOne() throws Exception {
        List<SuperNiTask> tasks = EvalFixtures.tasks(6);
        try (NDManager m = EvalFixtures.manager()) {
            DecoderLM lm = EvalFixtures.model(m, 11);
            // Batches of 5 mix prompts of both tasks and of different lengths, so rows are padded.
            List<Prediction> batched = EvalFixtures.evaluator(lm).optBatchSize(5).build().predict(tasks);
            List<Prediction> single = EvalFixtures.evaluator(lm).optBatchSize(1).build().predict(tasks);
            assertEquals(single, batched);
            // And each answer belongs to its own instance: decode the last one directly.
            SuperNiTask last = tasks.get(1);
            Instance instance = last.instances().get(last.instances().size() - 1);
            int[] direct = Generator.builder().setModel(lm).optMaxNewTokens(12).optEosTokenIds(List.of(
                    ByteTokenizer.EOS)).optPadTokenId(ByteTokenizer.PAD).build()
                    .generate(new ByteTokenizer().encode(new PaperPrompt().source(last, instance), true));
            assertEquals(new Prediction(instance.id(), AnswerExtractor.answer(new ByteTokenizer().decode(direct))),
                    batched.get(batched.size() - 1));
            assertTrue(batched.stream().map(Prediction::prediction).distinct().count() > 3,
                    "too few distinct predictions to test anything: " + batched);
            // The prompts differ in length, so batched rows really are left-padded.
            assertTrue(tasks.stream().flatMap(t -> t.instances().stream().map(i -> new PaperPrompt().source(t, i)
                    .length())).distinct().count() > 5);
        }
    }

    @Test
    void baditWithSequenceRouterAtInitPredictsAsTheBaseModel() throws Exception {
        List<SuperNiTask> tasks = EvalFixtures.tasks(4);
        try (NDManager m = EvalFixtures.manager()) {
            List<Prediction> base = EvalFixtures.evaluator(EvalFixtures.model(m, 5)).optBatchSize(3).build()
                    .predict(tasks);
            AdaptedModel adapted = EvalFixtures.badit(EvalFixtures.model(m, 5), RouterType.SEQUENCE, 1);
            List<Prediction> badit = EvalFixtures.evaluator(adapted.model()).optBatchSize(3).build().predict(tasks);
            assertEquals(base, badit);
        }
    }

    @Test
    void taskRouterReadsEachRowsTaskId() throws Exception {
        List<SuperNiTask> tasks = EvalFixtures.tasks(4);
        try (NDManager m = EvalFixtures.manager()) {
            List<Prediction> base = EvalFixtures.evaluator(EvalFixtures.model(m, 5)).optBatchSize(3).build()
                    .predict(tasks);
            AdaptedModel adapted = EvalFixtures.badit(EvalFixtures.model(m, 5), RouterType.TASK, 2);
            // Switch task 1's experts off: its rows then run on the residual weights alone; task 0 keeps α = 1.
            int routers = 0;
            for (var e : adapted.trainableParameters().entrySet()) {
                if (e.getKey().endsWith("router.alpha")) {
                    Parameter p = e.getValue();
                    p.getArray().set(new NDIndex("1"), 0f);
                    routers++;
                }
            }
            assertTrue(routers > 0, "no task router found");
            // Batches of 3 over 8 sorted prompts mix both tasks in one batch.
            List<Prediction> routed = EvalFixtures.evaluator(adapted.model()).optBatchSize(3).build().predict(tasks);
            int n0 = tasks.get(0).instances().size();
            assertEquals(base.subList(0, n0), routed.subList(0, n0));
            assertNotEquals(base.subList(n0, base.size()), routed.subList(n0, routed.size()));
        }
    }

    @Test
    void arraysOfEveryBatchAreFreed() throws Exception {
        List<SuperNiTask> tasks = EvalFixtures.tasks(4);
        try (NDManager m = EvalFixtures.manager()) {
            AdaptedModel adapted = EvalFixtures.badit(EvalFixtures.model(m, 5), RouterType.SEQUENCE, 1);
            Evaluator evaluator = EvalFixtures.evaluator(adapted.model()).optBatchSize(2).build();
            evaluator.evaluate(tasks); // warm-up: lazily created constants, if any, stay
            int before = ((BaseNDManager) m).getManagedArrays().size();
            evaluator.evaluate(tasks);
            assertEquals(before, ((BaseNDManager) m).getManagedArrays().size(), "arrays leaked over 4 batches");
            GradientConflict.measure(adapted, GradientConflictTest.toyTasks(2), 2, ByteTokenizer.PAD);
            int afterConflict = ((BaseNDManager) m).getManagedArrays().size();
            GradientConflict.measure(adapted, GradientConflictTest.toyTasks(2), 2, ByteTokenizer.PAD);
            assertEquals(afterConflict, ((BaseNDManager) m).getManagedArrays().size(), "gradient measure leaked");
        }
    }

    @Test
    void answersAreTheStrippedTextAfterTheLastOutputMarker() {
        ByteTokenizer tok = new ByteTokenizer();
        assertEquals("POS", Evaluator.answer(tok, withEos(tok, "Input: x\nOutput: NEG\nOutput:  POS \n")));
        assertEquals("plain answer", Evaluator.answer(tok, withEos(tok, " \tplain answer\n")));
        assertEquals("", Evaluator.answer(tok, new int[] {ByteTokenizer.EOS}));
        assertFalse(Evaluator.answer(tok, withEos(tok, "a")).contains("</s>"));
    }

    @Test
    void longPromptsKeepBosAndTheirEnd() throws Exception {
        // A prompt over budget keeps BOS + its tail; with a 1-instance task this still decodes and scores.
        SuperNiTask task = new SuperNiTask("toy", List.of("d".repeat(500)), List.of("Toy Category"), List.of(),
                List.of(), List.of(new Instance("toy-1", "x", List.of("y"))), List.of(), List.of(), List.of());
        try (NDManager m = EvalFixtures.manager()) {
            EvaluationResult r = EvalFixtures.evaluator(EvalFixtures.model(m, 3)).optMaxPromptTokens(20).build()
                    .evaluate(List.of(task));
            assertEquals(List.of("toy-1"), r.predictions().stream().map(Prediction::id).toList());
            assertTrue(r.officialMetrics().containsKey("rougeL_for_toy_category"), r.officialMetrics().toString());
            Evaluator e = EvalFixtures.evaluator(EvalFixtures.model(m, 3)).build();
            IllegalArgumentException empty = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> e.evaluate(List.of(task.withInstances(List.of()))));
            assertTrue(empty.getMessage().contains("toy"), empty.getMessage());
        }
    }

    private static int[] withEos(ByteTokenizer tok, String text) {
        int[] ids = tok.encode(text, false);
        int[] out = java.util.Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = ByteTokenizer.EOS;
        return out;
    }
}
