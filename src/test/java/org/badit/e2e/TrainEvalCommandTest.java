package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code badit train} then {@code badit eval} on the real 15-task benchmark with a tiny random checkpoint. */
class TrainEvalCommandTest {

    private static final String TASKS = "tasks=task363_sst2_polarity_classification,task875_emotion_classification";

    @TempDir
    Path dir;

    @Test
    void trainThenEvalProducesRealPredictionsAndScores() throws Exception {
        Path model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        Path out = dir.resolve("run");
        Fixtures.Run train = Fixtures.cli("train", "--model", model.toString(), "--data", Fixtures.cl15().toString(),
                "--method", "badit", "--experts", "2", "--rank", "4", "--targets", "all-linear", "--set", TASKS,
                "--max-train-instances", "8", "--steps", "3", "--batch-size", "4", "--set", "max_prompt_tokens=96",
                "--output", out.toString());
        assertEquals(0, train.code(), train.err());
        for (String f : List.of("config.json", "metrics.jsonl", "train.json", "adapter")) {
            assertTrue(Files.exists(out.resolve(f)), f + " missing; stderr: " + train.err());
        }
        assertEquals(3, Files.readAllLines(out.resolve("metrics.jsonl")).size());
        Fixtures.Run eval = Fixtures.cli("eval", "--run", out.toString(), "--max-test-instances", "4",
                "--set", "max_new_tokens=8");
        assertEquals(0, eval.code(), eval.err());
        List<String> predictions = Files.readAllLines(out.resolve("eval/predictions.jsonl"));
        assertEquals(8, predictions.size());
        assertTrue(predictions.get(0).startsWith("{\"id\":"), predictions.get(0));
        String metrics = Files.readString(out.resolve("eval/metrics.json"));
        assertTrue(metrics.contains("\"rougeL\"") && metrics.contains("rougeL_for_task363"), metrics);
        assertTrue(eval.out().contains("exact_match"), eval.out());
    }

    @Test
    void badInputIsOneClearLineAndANonZeroExit() throws Exception {
        Path config = dir.resolve("bad.yaml");
        Files.writeString(config, "learning_rate: 1e-3\nlrr: 2\n");
        String[][] cases = {
            {"train", "--model", dir.resolve("missing").toString(), "--data", dir.toString()},
            {"train", "--config", config.toString()},
            {"train", "--method", "loraa", "--model", dir.toString()},
            {"eval", "--run", dir.resolve("nope").toString()},
            {"compare", "--methods", "lora,bogus"},
        };
        String[] expected = {"no such model directory", "unknown key 'lrr'", "unknown method 'loraa'",
            "not a training run", "unknown method 'bogus'"};
        for (int i = 0; i < cases.length; i++) {
            Fixtures.Run r = Fixtures.cli(cases[i]);
            assertNotEquals(0, r.code(), String.join(" ", cases[i]));
            assertTrue(r.err().contains(expected[i]), "expected '" + expected[i] + "' in: " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace without --debug: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        }
    }

    @Test
    void sequentialRunsGetTheAccuracyMatrixAndCompareReportsColla() throws Exception {
        Path model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        Path out = dir.resolve("seq");
        Fixtures.Run train = Fixtures.cli("train", "--model", model.toString(), "--data", Fixtures.cl15().toString(),
                "--method", "lora", "--rank", "2", "--experts", "2", "--mode", "sequential", "--set", TASKS,
                "--max-train-instances", "4", "--steps", "2", "--batch-size", "2", "--set", "max_prompt_tokens=64",
                "--output", out.toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.isDirectory(out.resolve("stages/01-task875_emotion_classification")));
        Fixtures.Run eval = Fixtures.cli("eval", "--run", out.toString(), "--max-test-instances", "2",
                "--set", "max_new_tokens=4");
        assertEquals(0, eval.code(), eval.err());
        String continual = Files.readString(out.resolve("eval/continual.json"));
        assertTrue(continual.contains("\"accuracy_matrix_rougeL\"") && continual.contains("\"Bwt\""), continual);
        assertTrue(eval.out().contains("Cl ") && eval.out().contains("Fwt "), eval.out());

        Fixtures.Run compare = Fixtures.cli("compare", "--model", model.toString(), "--data",
                Fixtures.cl15().toString(), "--methods", "lora", "--colla", "--rank", "2", "--experts", "2",
                "--set", TASKS, "--max-train-instances", "4", "--max-test-instances", "2", "--steps", "2",
                "--batch-size", "2", "--set", "max_prompt_tokens=64", "--set", "max_new_tokens=4",
                "--output", dir.resolve("cmp").toString());
        assertEquals(0, compare.code(), compare.err());
        String report = Files.readString(dir.resolve("cmp/report/report.json"));
        assertTrue(report.matches("(?s).*\"colla\"\\s*:\\s*-?[0-9].*"), "colla is a number: " + report);
        assertTrue(Files.isDirectory(dir.resolve("cmp/lora/single-task/task363_sst2_polarity_classification")));
    }
}
