package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.examples.cli.Badit;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.SuperNiLoader;
import org.badit.superni.metrics.InstanceScore;
import org.badit.superni.metrics.SuperNiEvaluator;
import org.badit.superni.metrics.Track;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code badit score} reproduces the official copy_demo baseline from a folder and from a references JSONL. */
class ScoreCommandTest {

    @TempDir
    Path dir;

    private static Path shared() {
        String p = System.getProperty("badit.shared.dir");
        Path data = p == null ? null : Path.of(p, "data", "superni");
        assumeTrue(data != null && Files.isDirectory(data), "../shared not found: skipping");
        return data;
    }

    @Test
    void scoresFolderAndReferencesFileLikeTheOfficialScript() throws Exception {
        Path data = shared();
        List<SuperNiTask> tasks = SuperNiLoader.builder().setRoot(data).optMaxInstances(100)
                .optSkipMissingTasks(true).build().load();
        Gson gson = new Gson();
        StringBuilder preds = new StringBuilder();
        StringBuilder refs = new StringBuilder();
        boolean first = true;
        for (SuperNiTask t : tasks) {
            for (Instance i : t.instances()) {
                String demo = t.positiveExamples().get(0).output();
                InstanceScore s = SuperNiEvaluator.scoreInstance(i.id(), demo, i.outputs(), Track.DEFAULT);
                if (first && s.rougeL() == 0 && s.exactMatch() == 0 && !i.outputs().contains("")) {
                    // Leave out one instance the baseline gets wrong anyway: scored as "", nothing may move.
                    first = false;
                    continue;
                }
                preds.append(gson.toJson(Map.of("id", i.id(), "prediction", t.positiveExamples().get(0).output())))
                        .append('\n');
            }
        }
        preds.append(gson.toJson(Map.of("id", "no-such-id", "prediction", "x"))).append('\n');
        for (SuperNiTask t : tasks) {
            for (Instance i : t.instances()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", i.id());
                line.put("references", i.outputs());
                line.put("task_id", t.name());
                line.put("task_category", t.category());
                line.put("track", "default");
                refs.append(gson.toJson(line)).append('\n');
            }
        }
        Path p = Files.writeString(dir.resolve("p.jsonl"), preds);
        Path r = Files.writeString(dir.resolve("r.jsonl"), refs);
        Path perInstance = dir.resolve("scores.jsonl");
        Path md = dir.resolve("report.md");

        JsonObject fromFolder = run("score", "--predictions", p.toString(), "--data", data.toString(),
                "--skip-missing-tasks", "--per-instance", perInstance.toString(), "--markdown", md.toString());
        JsonObject fromFile = run("score", "--predictions", p.toString(), "--references", r.toString());
        assertEquals(fromFolder, fromFile);
        assertTrue(fromFolder.has("rougeL_for_task1344_glue_entailment_classification"));
        assertTrue(fromFolder.has("exact_match_for_textual_entailment"));
        assertEquals(2500, Files.readAllLines(perInstance).size());
        assertTrue(Files.readString(md).contains("| textual_entailment |"));

        // Every number equals the official baseline although one (wrongly answered) instance has no prediction.
        JsonObject expected = JsonParser.parseString(Files.readString(
                data.resolve("heuristic_baselines_expected.json"))).getAsJsonObject()
                .getAsJsonObject("results").getAsJsonObject("copy_demo");
        for (String task : expected.getAsJsonObject("per_task").keySet()) {
            JsonObject want = expected.getAsJsonObject("per_task").getAsJsonObject(task);
            assertEquals(want.get("rougeL").getAsDouble(), fromFolder.get("rougeL_for_" + task).getAsDouble(), 0.0,
                    task);
        }
        assertEquals(expected.getAsJsonObject("overall").get("rougeL").getAsDouble(),
                fromFolder.get("rougeL").getAsDouble(), 0.0);
        assertEquals(expected.getAsJsonObject("overall").get("exact_match").getAsDouble(),
                fromFolder.get("exact_match").getAsDouble(), 0.0);
        assertTrue(!first, "an instance was left without a prediction");

        // Strict mode turns the unknown id into an error (exit code 1), not a stack trace.
        assertEquals(1, Badit.execute("score", "--predictions", p.toString(), "--references", r.toString(),
                "--strict"));
    }

    @Test
    void benchCommandPrintsThroughput() {
        Path data = shared();
        JsonObject out = run("bench-superni", "--data", data.toString(), "--repeats", "1");
        assertEquals(2500, out.get("instances").getAsInt());
        // The checksum is the copy_input baseline's official overall ROUGE-L (18.378), unrounded.
        assertEquals(18.378, 100 * out.get("rougeL_mean").getAsDouble(), 5e-5);
        assertTrue(out.get("rougeL_instances_per_s").getAsDouble() > 0);
    }

    private static JsonObject run(String... args) {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Badit.execute(args);
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        return JsonParser.parseString(text).getAsJsonObject();
    }
}
