package org.badit.superni.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.badit.lora.testing.FuzzHarness;
import org.badit.lora.testing.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of the SuperNI readers: {@link TaskFileParser#parse(Path)} on task files and
 * {@link EvaluationFiles#readPredictions} / {@link EvaluationFiles#readReferences} on JSONL files. The only outcomes
 * allowed are success or a {@link SuperNiFormatException} naming the file, within the time bound
 * ({@link FuzzHarness}).
 */
class SuperNiFilesFuzzTest {

    @TempDir
    Path dir;

    private static List<byte[]> utf8(String... texts) {
        List<byte[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    static final String TASK = """
            {"Contributors": ["A"], "Source": ["x"], "URL": [NaN], "Categories": ["Word Analogy"],
             "Reasoning": [], "Definition": ["Do it.", "other"], "Input_language": ["English"],
             "Output_language": ["English"], "Instruction_language": ["English"], "Domains": ["Commonsense"],
             "Positive Examples": [{"input": "x", "output": "y", "explanation": "z"}],
             "Negative Examples": [{"output": "n", "input": "m"}],
             "Instances": [{"id": "task9-1", "input": "a", "output": ["b", ""]},
                           {"id": "task9-2", "input": "\\u00e9t\\u00e9 \u00e9t\u00e9", "output": ["c"]}],
             "Instance License": ["MIT"]}""";

    static final String OLD_TASK = """
            {"Definition": "Just a string", "Categories": "Question Answering",
             "Instances": [{"id": "t-1", "input": "1 + 1", "output": "2"}, {"id": "t-2", "input": "", "output": [""]}]}""";

    @Test
    void mutatedTaskFilesFailOnlyWithSuperNiFormatException() {
        Path file = dir.resolve("task1_fuzz.json");
        FuzzHarness.Summary s = FuzzHarness.run("superni-task", Mutator.text(utf8(TASK, OLD_TASK)), input -> {
            Files.write(file, input);
            TaskFileParser.parse(file);
        }, "task1_fuzz.json", SuperNiFormatException.class);
        assertTrue(s.documented().getOrDefault("SuperNiFormatException", 0) > 0, s::toString);
    }

    @Test
    void mutatedPredictionFilesFailOnlyWithSuperNiFormatException() {
        Path file = dir.resolve("predictions.jsonl");
        FuzzHarness.Summary s = FuzzHarness.run("superni-predictions", Mutator.text(utf8(
                "{\"id\": \"task1-1\", \"prediction\": \"yes\"}\n{\"id\": \"task1-2\", \"prediction\": \"\"}\n\n"
                        + "{\"prediction\": \"n\\u00f6 \u00e9\", \"id\": \"task2-7\"}\n",
                "{\"id\": \"a\", \"prediction\": \"b\"}")), input -> {
                    Files.write(file, input);
                    EvaluationFiles.readPredictions(file);
                }, "predictions.jsonl", SuperNiFormatException.class);
        assertTrue(s.documented().getOrDefault("SuperNiFormatException", 0) > 0, s::toString);
    }

    @Test
    void mutatedReferenceFilesFailOnlyWithSuperNiFormatException() {
        Path file = dir.resolve("references.jsonl");
        FuzzHarness.Summary s = FuzzHarness.run("superni-references", Mutator.text(utf8(
                "{\"id\": \"task1-1\", \"references\": [\"yes\", \"Yes\"], \"task_id\": \"task1\", "
                        + "\"task_category\": \"Answerability Classification\", \"track\": \"default\"}\n"
                        + "{\"id\": \"task2-1\", \"references\": [\"x\"], \"track\": \"xlingual\", \"task_id\": null}\n",
                "{\"id\": \"a\", \"references\": [\"\"]}\n")), input -> {
                    Files.write(file, input);
                    EvaluationFiles.readReferences(file);
                }, "references.jsonl", SuperNiFormatException.class);
        assertTrue(s.documented().getOrDefault("SuperNiFormatException", 0) > 0, s::toString);
    }

    /** Found by the fuzzer (seed 14, case 5 of each reader): invalid UTF-8 was a MalformedInputException naming nothing. */
    @Test
    void invalidUtf8IsASuperNiFormatExceptionNamingFileAndLine() throws java.io.IOException {
        byte[] bad = {(byte) 0xc3, (byte) 0x28};
        Path task = dir.resolve("task2_bad.json");
        Files.write(task, concat(TASK.substring(0, 40).getBytes(StandardCharsets.UTF_8), bad,
                TASK.substring(40).getBytes(StandardCharsets.UTF_8)));
        String message = assertThrows(SuperNiFormatException.class, () -> TaskFileParser.parse(task)).getMessage();
        assertTrue(message.contains("task2_bad.json") && message.contains("UTF-8"), message);
        Path predictions = dir.resolve("bad.jsonl");
        Files.write(predictions, concat("{\"id\": \"a\", \"prediction\": \"b\"}\n{\"id\": \"".getBytes(
                StandardCharsets.UTF_8), bad, "\", \"prediction\": \"c\"}\n".getBytes(StandardCharsets.UTF_8)));
        message = assertThrows(SuperNiFormatException.class, () -> EvaluationFiles.readPredictions(predictions))
                .getMessage();
        assertTrue(message.contains("bad.jsonl line 2") && message.contains("UTF-8"), message);
        Path references = dir.resolve("bad-refs.jsonl");
        Files.write(references, concat("{\"id\": \"a\", \"references\": [\"b\"]}\r\n\n{\"id\": \"c\", \"references\": [\""
                .getBytes(StandardCharsets.UTF_8), bad, "\"]}\n".getBytes(StandardCharsets.UTF_8)));
        message = assertThrows(SuperNiFormatException.class, () -> EvaluationFiles.readReferences(references))
                .getMessage();
        assertTrue(message.contains("bad-refs.jsonl line 3") && message.contains("UTF-8"), message);
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
