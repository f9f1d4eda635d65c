package org.badit.superni.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.badit.superni.Instance;
import org.badit.superni.SharedData;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.Split;
import org.badit.superni.data.SuperNiLoader;
import org.junit.jupiter.api.Test;

/** The official values of Tk-Instruct's two heuristic baselines on the sample's 25 test tasks, to the last digit. */
class HeuristicBaselinesTest {

    @Test
    void copyDemoAndCopyInputReproduced() throws IOException {
        Path data = SharedData.require("data/superni");
        JsonObject expected = JsonParser.parseString(Files.readString(
                data.resolve("heuristic_baselines_expected.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        List<SuperNiTask> tasks = SuperNiLoader.builder().setRoot(data).optSplit(Split.TEST).optMaxInstances(100)
                .optSkipMissingTasks(true).build().load();
        assertEquals(25, tasks.size());
        for (String baseline : List.of("copy_demo", "copy_input")) {
            List<Prediction> predictions = new ArrayList<>();
            List<Reference> references = new ArrayList<>();
            for (SuperNiTask task : tasks) {
                for (Instance instance : task.instances()) {
                    String prediction = baseline.equals("copy_demo")
                            ? task.positiveExamples().get(0).output() : instance.input();
                    predictions.add(new Prediction(instance.id(), prediction));
                    references.add(new Reference(instance.id(), instance.outputs(), task.name(), task.category(),
                            Track.DEFAULT));
                }
            }
            EvaluationReport report = SuperNiEvaluator.builder().optStrict(true).build().score(predictions, references);
            JsonObject want = expected.getAsJsonObject("results").getAsJsonObject(baseline);
            assertEquals(want.get("num_instances").getAsInt(), report.overall().count());
            check(baseline + " overall", want.getAsJsonObject("overall"), report.overall());
            check(baseline, want.getAsJsonObject("per_task"), report.single().perTask());
            check(baseline, want.getAsJsonObject("per_category"), report.single().perCategory());
        }
    }

    private static void check(String what, JsonObject want, Map<String, MetricScores> got) {
        assertEquals(want.keySet(), got.keySet(), what);
        for (String key : want.keySet()) {
            check(what + " " + key, want.getAsJsonObject(key), got.get(key));
        }
    }

    private static void check(String what, JsonObject want, MetricScores got) {
        // Exact equality: both sides are the same rounded decimals.
        assertEquals(want.get("exact_match").getAsDouble(), got.exactMatch(), 0.0, what + " exact_match");
        assertEquals(want.get("rougeL").getAsDouble(), got.rougeL(), 0.0, what + " rougeL");
    }
}
