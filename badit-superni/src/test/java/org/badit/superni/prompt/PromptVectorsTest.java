package org.badit.superni.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.badit.superni.Instance;
import org.badit.superni.SharedData;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.TaskFileParser;
import org.junit.jupiter.api.Test;

/** Tk-Instruct encodings reproduce the reference collator's prompts byte for byte; the paper prompt's shape. */
class PromptVectorsTest {

    @Test
    void tkInstructPromptsMatchReferenceCollator() throws IOException {
        Path vectors = SharedData.require("data/superni/prompt_vectors.jsonl");
        Path tasks = SharedData.require("data/superni/tasks");
        Map<String, SuperNiTask> cache = new HashMap<>();
        List<String> lines = Files.readAllLines(vectors, StandardCharsets.UTF_8);
        assertEquals(72, lines.size());
        int checked = 0;
        for (String line : lines) {
            JsonObject v = JsonParser.parseString(line).getAsJsonObject();
            String taskName = v.get("task").getAsString();
            SuperNiTask task = cache.computeIfAbsent(taskName, n -> parse(tasks.resolve(n + ".json")));
            String id = v.get("instance_id").getAsString();
            Instance instance = task.instances().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
            JsonObject o = v.getAsJsonObject("options");
            TkInstructPrompt prompt = TkInstructPrompt.builder()
                    .optTaskName(o.has("add_task_name") && o.get("add_task_name").getAsBoolean())
                    .optDefinition(o.get("add_task_definition").getAsBoolean())
                    .optPositiveExamples(o.get("num_pos_examples").getAsInt())
                    .optNegativeExamples(o.get("num_neg_examples").getAsInt())
                    .optExplanation(o.has("add_explanation") && o.get("add_explanation").getAsBoolean())
                    .build();
            assertEquals(v.get("prompt").getAsString(), prompt.source(task, instance),
                    taskName + " " + id + " " + v.get("encoding").getAsString());
            assertEquals(v.get("references").getAsJsonArray().get(0).getAsString(), instance.outputs().get(0));
            checked++;
        }
        assertEquals(72, checked);
    }

    @Test
    void tokenLimitDropsDemonstrationsThatDoNotFit() {
        SuperNiTask task = new SuperNiTask("t", List.of("Do it"), List.of("C"),
                List.of(new org.badit.superni.Example("a", "b", null), new org.badit.superni.Example("c", "d", null)),
                List.of(), List.of(new Instance("t-1", "x", List.of("y"))), List.of(), List.of(), List.of());
        String all = TkInstructPrompt.builder().optPositiveExamples(2).build().source(task, task.instances().get(0));
        String none = TkInstructPrompt.builder().optPositiveExamples(0).build().source(task, task.instances().get(0));
        // A counter of characters with a limit just under the full prompt keeps the first example only.
        String one = TkInstructPrompt.builder().optPositiveExamples(2).optTokenLimit(String::length, all.length() - 1)
                .build().source(task, task.instances().get(0));
        assertTrue(one.contains("Positive Example 1") && !one.contains("Positive Example 2"), one);
        assertTrue(all.contains("Positive Example 2"));
        assertEquals("Definition: Do it.\n\nNow complete the following example -\nInput: x.\nOutput: ", none);
    }

    @Test
    void paperPromptAndTarget() {
        SuperNiTask task = new SuperNiTask("t", List.of("\nClassify the text. ", "second"), List.of("C"), List.of(),
                List.of(), List.of(new Instance("t-1", "good movie", List.of("positive", "pos"))), List.of(),
                List.of(), List.of());
        PaperPrompt paper = new PaperPrompt();
        assertEquals("Classify the text.\n\nNow complete the following example -\nInput: good movie\nOutput: ",
                paper.source(task, task.instances().get(0)));
        assertEquals("positive</s>", paper.target(task.instances().get(0), "</s>"));
    }

    private static SuperNiTask parse(Path file) {
        try {
            return TaskFileParser.parse(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
