package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code badit group-tasks} on a small copy of the demo suite with a tiny random checkpoint (both estimators, every
 * grouping method), then {@code train --task-groups} and {@code eval} routing each task to its group's adapter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GroupTasksCommandTest {

    private static final String FOUR = "tasks=syn_first_item,syn_last_item,syn_is_palindrome,syn_sort_descending";

    @TempDir
    static Path dir;

    private Path model;
    private Path data;

    @BeforeAll
    void fixtures() throws Exception {
        model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        data = Fixtures.demoTasks(dir.resolve("data"), 16, 4);
    }

    private List<String> common(String... extra) {
        List<String> args = new ArrayList<>(List.of("--model", model.toString(), "--data", data.toString(),
                "--set", "max_prompt_tokens=64", "--set", "max_target_tokens=16", "--set", "rank=2",
                "--set", "threads=1"));
        args.addAll(List.of(extra));
        return args;
    }

    private static JsonObject json(Path file) throws Exception {
        return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
    }

    @Test
    void gradientGroupingWritesGroupsAndHeatmapAndEveryMethodRegroupsTheMatrix() throws Exception {
        Path out = dir.resolve("grad");
        List<String> args = new ArrayList<>(List.of("group-tasks"));
        args.addAll(common("--examples-per-task", "2", "--output", out.toString()));
        Fixtures.Run r = Fixtures.cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonObject g = json(out.resolve("groups.json"));
        assertEquals(8, g.getAsJsonArray("tasks").size());
        assertEquals(8, g.getAsJsonArray("affinity").size());
        Set<String> seen = new HashSet<>();
        g.getAsJsonArray("groups").forEach(group -> group.getAsJsonArray().forEach(t -> assertTrue(
                seen.add(t.getAsString()), "one group per task")));
        assertEquals(8, seen.size());
        assertTrue(g.get("k_criterion").getAsString().contains("silhouette"), g.toString());
        assertTrue(g.has("objective") && g.has("silhouette"));
        byte[] png = Files.readAllBytes(out.resolve("affinity.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        assertTrue(r.out().contains("k = "), r.out());

        Path truth = dir.resolve("truth.json");
        Files.writeString(truth, "{\"groups\": [[\"syn_first_item\", \"syn_last_item\"], [\"syn_larger_parity\"], "
                + "[\"syn_is_palindrome\", \"syn_reverse_uppercase\", \"syn_sort_descending\", "
                + "\"syn_first_sorted_letter\", \"syn_last_sorted_letter\"]]}");
        for (String method : List.of("sdp", "sdp-adaptive", "spectral", "lloyd")) {
            Path again = dir.resolve("again-" + method);
            List<String> a = new ArrayList<>(List.of("group-tasks"));
            a.addAll(common("--affinity", out.resolve("groups.json").toString(), "--method", method, "--groups", "3",
                    "--truth", truth.toString(), "--output", again.toString()));
            Fixtures.Run rr = Fixtures.cli(a.toArray(String[]::new));
            assertEquals(0, rr.code(), method + ": " + rr.err());
            JsonObject ga = json(again.resolve("groups.json"));
            assertTrue(ga.has("ari_vs_truth"), method);
            assertEquals(3, ga.get("k").getAsInt(), method);
            assertTrue(rr.out().contains("adjusted Rand index"), rr.out());
            assertEquals(64, ga.get("affinity_evaluations_full").getAsLong(), method);
        }
    }

    @Test
    void lossEstimatorInAdaptiveModeCountsTheEvaluationsItSaved() throws Exception {
        Path out = dir.resolve("loss");
        List<String> args = new ArrayList<>(List.of("group-tasks"));
        args.addAll(common("--set", FOUR, "--estimator", "loss", "--method", "sdp-adaptive", "--batch-tasks", "2",
                "--groups", "2", "--affinity-steps", "1", "--val-instances", "2", "--set", "batch_size=2",
                "--output", out.toString()));
        Fixtures.Run r = Fixtures.cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        JsonObject g = json(out.resolve("groups.json"));
        assertEquals("loss", g.get("estimator").getAsString());
        assertEquals(16, g.get("affinity_evaluations_full").getAsLong());
        // Batches of 2: 2² pairs, then (clusters + 2)² with 1 or 2 clusters; at n = 4 that saves nothing (the
        // adaptive mode pays off when n is large against k·n/batch, see docs/clustering.md).
        long pairs = g.get("affinity_evaluations").getAsLong();
        assertTrue(pairs == 4 + 9 || pairs == 4 + 16, g.toString());
        long passes = g.get("affinity_passes").getAsLong();
        assertEquals(pairs == 13 ? 2 + 3 : 2 + 4, passes, g.toString());
        assertTrue(Files.isRegularFile(out.resolve("affinity.png")));
    }

    @Test
    void trainPerGroupThenEvalRoutesEachTaskToItsGroup() throws Exception {
        Path groups = dir.resolve("two-groups.json");
        Files.writeString(groups, "{\"groups\": [[\"syn_first_item\", \"syn_last_item\"], [\"syn_is_palindrome\"]]}");
        Path run = dir.resolve("grouped");
        List<String> train = new ArrayList<>(List.of("train", "--method", "lora", "--experts", "1", "--steps", "2",
                "--batch-size", "2", "--task-groups", groups.toString(), "--output", run.toString()));
        train.addAll(common());
        Fixtures.Run t = Fixtures.cli(train.toArray(String[]::new));
        assertEquals(0, t.code(), t.err());
        for (int g = 0; g < 2; g++) {
            assertTrue(Files.isDirectory(run.resolve("group-" + g + "/adapter")), t.err());
        }
        assertEquals(List.of("syn_is_palindrome"), List.of(json(run.resolve("group-1/train.json"))
                .getAsJsonArray("tasks").get(0).getAsString()));
        Fixtures.Run e = Fixtures.cli("eval", "--run", run.toString(), "--set", "max_new_tokens=4");
        assertEquals(0, e.code(), e.err());
        assertEquals(12, Files.readAllLines(run.resolve("eval/predictions.jsonl")).size());
        JsonObject routing = json(run.resolve("eval/routing.json"));
        assertEquals("group-0/adapter", routing.get("syn_last_item").getAsString());
        assertEquals("group-1/adapter", routing.get("syn_is_palindrome").getAsString());
        String metrics = Files.readString(run.resolve("eval/metrics.json"));
        assertTrue(metrics.contains("rougeL_for_syn_first_item") && metrics.contains("rougeL_for_syn_is_palindrome"),
                metrics);

        // --group-budget split: 10 steps over 3 grouped tasks -> ceil(10·2/3) = 7 and ceil(10·1/3) = 4.
        Path split = dir.resolve("split");
        List<String> s = new ArrayList<>(List.of("train", "--method", "lora", "--experts", "1", "--steps", "10",
                "--batch-size", "2", "--task-groups", groups.toString(), "--group-budget", "split", "--output",
                split.toString()));
        s.addAll(common());
        assertEquals(0, Fixtures.cli(s.toArray(String[]::new)).code());
        assertEquals(7, Files.readAllLines(split.resolve("group-0/metrics.jsonl")).size());
        assertEquals(4, Files.readAllLines(split.resolve("group-1/metrics.jsonl")).size());
    }

    @Test
    void compareRunsAGroupedRowBesideAllTasksTogetherWithSeedsAndPairedTests() throws Exception {
        Path groups = dir.resolve("compare-groups.json");
        Files.writeString(groups, "{\"groups\": [[\"syn_first_item\", \"syn_last_item\"], [\"syn_is_palindrome\"]]}");
        Path out = dir.resolve("compare");
        List<String> args = new ArrayList<>(List.of("compare", "--methods", "lora", "--variant",
                "grouped=lora:task_groups=" + groups + ";group_budget=split", "--reference", "grouped", "--seeds", "2",
                "--experts", "1", "--steps", "2", "--batch-size", "2", "--set", "max_new_tokens=4", "--set",
                "tasks=syn_first_item,syn_last_item,syn_is_palindrome", "--output", out.toString()));
        args.addAll(common());
        Fixtures.Run r = Fixtures.cli(args.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.isDirectory(out.resolve("grouped/seed-43/group-1/adapter")), r.err());
        JsonObject report = json(out.resolve("report/report.json"));
        String rows = report.getAsJsonObject("study").getAsJsonArray("rows").toString();
        assertTrue(rows.contains("\"label\":\"grouped\"") && rows.contains("\"label\":\"lora\""), rows);
        assertTrue(r.out().contains("grouped vs lora"), r.out());
    }
}
