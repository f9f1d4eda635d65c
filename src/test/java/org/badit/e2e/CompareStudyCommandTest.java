package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code badit compare} as a seeded study on a tiny random checkpoint and two tasks of the 15-task benchmark: two
 * seeds, a learning-rate grid chosen on the validation split, both paradigms, paired tests and their verdicts.
 */
class CompareStudyCommandTest {

    private static final String TASKS = "tasks=task363_sst2_polarity_classification,task875_emotion_classification";

    @TempDir
    Path dir;

    /** The flags every run here shares: tiny budget, two tasks, few tokens. */
    private List<String> tiny(Path model, Path out) {
        return new ArrayList<>(List.of("compare", "--model", model.toString(), "--data", Fixtures.cl15().toString(),
                "--rank", "2", "--experts", "2", "--set", TASKS, "--max-train-instances", "4",
                "--max-test-instances", "2", "--steps", "2", "--batch-size", "2", "--set", "max_prompt_tokens=64",
                "--set", "max_new_tokens=4", "--output", out.toString()));
    }

    @Test
    void twoSeedsAndAnLrGridGiveIntervalsChosenRatesAndPairedTestsInBothParadigms() throws Exception {
        Path model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        Path out = dir.resolve("study");
        List<String> args = tiny(model, out);
        args.addAll(List.of("--methods", "lora,badit", "--seeds", "2", "--lr-grid", "1e-3,3e-3",
                "--val-instances", "2", "--paradigms", "mixed,sequential"));
        Fixtures.Run run = Fixtures.cli(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());

        JsonObject report = JsonParser.parseString(Files.readString(out.resolve("report/report.json")))
                .getAsJsonObject();
        JsonObject study = report.getAsJsonObject("study");
        assertEquals("[42,43]", study.get("seeds").toString());
        assertEquals("paper", study.get("continualMetrics").getAsString());
        assertEquals(2, study.getAsJsonObject("selection").get("validationInstances").getAsInt());
        JsonArray rows = study.getAsJsonArray("rows");
        assertEquals(4, rows.size(), "2 rows x 2 paradigms: " + rows);
        for (JsonElement e : rows) {
            JsonObject row = e.getAsJsonObject();
            String where = row.get("label").getAsString() + "/" + row.get("paradigm").getAsString();
            assertTrue(row.get("lrTuned").getAsBoolean(), where);
            assertEquals(false, row.get("alphaTuned").getAsBoolean(), "no --alpha-grid: " + where);
            double lr = row.get("learningRate").getAsDouble();
            assertTrue(lr == 1e-3 || lr == 3e-3, where + " lr " + lr);
            assertEquals(2, row.getAsJsonArray("tuning").size(), where);
            assertEquals("[42,43]", row.get("seeds").toString(), where);
            JsonObject score = row.getAsJsonObject("rougeL");
            assertEquals(2, score.getAsJsonArray("perSeed").size(), where);
            assertEquals(2, score.get("n").getAsInt(), where);
            double mean = score.get("mean").getAsDouble();
            assertTrue(score.get("low").getAsDouble() <= mean && mean <= score.get("high").getAsDouble(), where);
            assertTrue(row.get("colla") == null || row.get("colla").isJsonNull(), "no --colla: n/a, " + where);
            assertTrue(row.has("overrides") && row.has("method") && row.has("alpha"), where);
            if (row.get("paradigm").getAsString().equals("sequential")) {
                JsonObject continual = row.getAsJsonObject("continual");
                for (String m : List.of("cl", "fgt", "bwt")) {
                    assertEquals(2, continual.getAsJsonObject(m).getAsJsonArray("perSeed").size(), where + " " + m);
                }
                assertTrue(!continual.has("fwt") || continual.get("fwt").isJsonNull(), "Fwt n/a: " + continual);
            } else {
                assertTrue(!row.has("continual") || row.get("continual").isJsonNull(), where);
            }
        }
        JsonArray comparisons = study.getAsJsonArray("comparisons");
        assertEquals(4, comparisons.size(), "badit vs lora, 2 tests x 2 paradigms: " + comparisons);
        for (JsonElement e : comparisons) {
            JsonObject c = e.getAsJsonObject();
            assertEquals("badit", c.get("method").getAsString());
            assertEquals("lora", c.get("baseline").getAsString());
            assertTrue(c.has("difference") && c.has("test") && c.get("pairs").getAsInt() > 0, c.toString());
        }
        JsonArray verdicts = study.getAsJsonArray("verdicts");
        assertEquals(4, verdicts.size());
        for (JsonElement v : verdicts) {
            assertTrue(run.out().contains(v.getAsString()), "console prints the verdict " + v + ": " + run.out());
        }
        String md = Files.readString(out.resolve("report/report.md"));
        assertTrue(md.contains("## Seeded study") && md.contains(" ± ") && md.contains("Paired tests"), md);
        assertTrue(Files.isRegularFile(out.resolve("report/accuracy_matrix_badit__sequential_.png")),
                "the first seed's accuracy matrix of a sequential row");
        // Issue #10 item 8: per-task error bars per paradigm, heat maps averaged over seeds, DOG diagnostics.
        for (String p : List.of("mixed", "sequential")) {
            assertTrue(Files.size(out.resolve("report/rouge_per_task_" + p + ".png")) > 0, p);
            assertTrue(md.contains("](rouge_per_task_" + p + ".png)"), md);
        }
        assertTrue(md.contains("Accuracy matrix, mean over 2 seeds"), md);
        assertEquals(2, rows.get(0).getAsJsonObject().getAsJsonObject("perTask").entrySet().iterator().next()
                .getValue().getAsJsonArray().size(), "per-task scores per seed");
        // The first seed's final run is the chosen tuning run; the second seed trained on its own.
        assertTrue(Files.isDirectory(out.resolve("badit/sequential/seed-43/eval")));
        // Selection never decodes the test split: every grid point has a validation pass, only the chosen one (the
        // first seed's final run) a test pass; validation ids are training instances, never test instances.
        JsonObject loraMixed = rows.get(0).getAsJsonObject();
        String chosen = "lr-" + loraMixed.get("learningRate").getAsDouble() + "_alpha-16.0";
        String testJson = Files.readString(Fixtures.cl15().resolve("task363_sst2_polarity_classification/test.json"))
                + Files.readString(Fixtures.cl15().resolve("task875_emotion_classification/test.json"));
        String trainJson = Files.readString(Fixtures.cl15().resolve("task363_sst2_polarity_classification/train.json"))
                + Files.readString(Fixtures.cl15().resolve("task875_emotion_classification/train.json"));
        for (String point : List.of("lr-0.001_alpha-16.0", "lr-0.003_alpha-16.0")) {
            Path tune = out.resolve("lora/mixed/tune").resolve(point);
            List<String> validation = Files.readAllLines(tune.resolve("eval-validation/predictions.jsonl"));
            assertEquals(4, validation.size(), "2 validation instances x 2 tasks");
            for (String line : validation) {
                String id = JsonParser.parseString(line).getAsJsonObject().get("id").getAsString();
                assertTrue(trainJson.contains("\"" + id + "\"") && !testJson.contains("\"" + id + "\""), id);
            }
            assertEquals(point.equals(chosen), Files.isDirectory(tune.resolve("eval")), point);
        }
    }

    @Test
    void oneSeedGivesACaveatAndNoTest() throws Exception {
        Path model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        Path out = dir.resolve("one");
        List<String> args = tiny(model, out);
        args.addAll(List.of("--methods", "lora", "--variant", "lora-r1=lora:rank=1"));
        Fixtures.Run run = Fixtures.cli(args.toArray(String[]::new));
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("caveat: single seed"), run.out());
        JsonObject study = JsonParser.parseString(Files.readString(out.resolve("report/report.json")))
                .getAsJsonObject().getAsJsonObject("study");
        assertEquals(0, study.getAsJsonArray("comparisons").size());
        assertTrue(study.getAsJsonArray("caveats").get(0).getAsString().startsWith("single seed"));
        JsonObject variant = study.getAsJsonArray("rows").get(1).getAsJsonObject();
        assertEquals("lora-r1", variant.get("label").getAsString());
        assertEquals("{\"rank\":\"1\"}", variant.get("overrides").toString());
        assertTrue(variant.getAsJsonObject("rougeL").get("low") == null
                || variant.getAsJsonObject("rougeL").get("low").isJsonNull(), "no interval with one seed");
        assertTrue(Files.isDirectory(out.resolve("lora-r1/eval")));
    }

    @Test
    void helpListsTheStudyFlagsWithoutWarnings() {
        Fixtures.Run r = Fixtures.cli("compare", "--help");
        assertEquals(0, r.code());
        for (String flag : List.of("--seeds", "--lr-grid", "--alpha-grid", "--val-instances", "--paradigms",
                "--variant", "--paired-test", "--reference", "--continual-metrics", "--colla")) {
            assertTrue(r.out().contains(flag), flag + " in: " + r.out());
        }
        assertFalse(r.err().contains("WARN"), r.err());
    }

    @Test
    void badStudyInputIsOneLineAndWritesNothing() throws Exception {
        Path model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        Path out = dir.resolve("never");
        String[][] extra = {
            {"--lr-grid", ""},
            {"--lr-grid", ","},
            {"--lr-grid", "1e-3,-1e-4"},
            {"--alpha-grid", "0"},
            {"--lr-grid", "1e-3,3e-3", "--val-instances", "0"},
            {"--lr-grid", "1e-3,3e-3", "--val-instances", "4"},
            {"--paired-test", "wilcoxon"},
            {"--seeds", "2", "--paired-test", "bootstrap", "--methods", "lora,pissa"},
            {"--variant", "b2=badit:bogus_key=1"},
            {"--variant", "b2=badit:seed=3"},
            {"--variant", "b2=badit:experts=two"},
            {"--paradigms", "mixed,cont"},
            {"--continual-metrics", "foo"},
            {"--seeds", "0"},
        };
        String[] expected = {"--lr-grid is empty", "--lr-grid is empty", "positive", "--alpha-grid", "--val-instances",
            "without a training instance", "needs --seeds 2", "--reference badit is not a row", "unknown key 'bogus_key'",
            "'seed' is set by compare", "must be an integer", "'cont' is not mixed or sequential",
            "--continual-metrics", "--seeds must be at least 1"};
        for (int i = 0; i < extra.length; i++) {
            List<String> args = tiny(model, out);
            if (!Arrays.asList(extra[i]).contains("--methods")) {
                args.addAll(List.of("--methods", "lora,badit"));
            }
            args.addAll(Arrays.asList(extra[i]));
            Fixtures.Run r = Fixtures.cli(args.toArray(String[]::new));
            String what = String.join(" ", extra[i]);
            assertNotEquals(0, r.code(), what);
            assertTrue(r.err().contains(expected[i]), what + ": expected '" + expected[i] + "' in: " + r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
            assertEquals(1, r.err().strip().lines().count(), what + ": one line: " + r.err());
            assertFalse(Files.exists(out), what + ": nothing written");
        }
        assertNotNull(model);
    }
}
