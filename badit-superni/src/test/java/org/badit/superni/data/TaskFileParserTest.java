package org.badit.superni.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.badit.superni.SuperNiTask;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed task and evaluation files fail with the file and the field named; key order does not matter. */
class TaskFileParserTest {

    @TempDir
    Path dir;

    private static final String GOOD = """
            {"Instances": [{"output": ["b", ""], "input": "a", "id": "task9-1"}],
             "Positive Examples": [{"input": "x", "output": "y", "explanation": "z"}],
             "Negative Examples": [{"output": "n", "input": "m"}],
             "Categories": ["Word Analogy"], "Definition": ["Do it.", "other"], "URL": [NaN]}""";

    private Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void readsByKeyNotOrder() throws IOException {
        SuperNiTask t = TaskFileParser.parse(write("task9_x.json", GOOD));
        assertEquals("task9_x", t.name());
        assertEquals("Do it.", t.definition());
        assertEquals(List.of("b", ""), t.instances().get(0).outputs());
        assertEquals("z", t.positiveExamples().get(0).explanation());
        assertNull(t.negativeExamples().get(0).explanation());
        assertEquals("word_analogy", t.categoryKey());
    }

    @Test
    void olderStringDefinitionAccepted() throws IOException {
        SuperNiTask t = TaskFileParser.parse(write("task9_y.json", GOOD.replace("[\"Do it.\", \"other\"]",
                "\"Just a string\"")));
        assertEquals("Just a string", t.definition());
    }

    @Test
    void errorsNameFileAndField() throws IOException {
        assertError(GOOD.substring(0, GOOD.length() - 5), "bad.json", "malformed JSON");
        assertError("[1, 2]", "array.json", "must hold a JSON object");
        assertError(GOOD.replace("\"Definition\"", "\"Def\""), "nodef.json", "missing field \"Definition\"");
        assertError(GOOD.replace("[\"Do it.\", \"other\"]", "[1]"), "deftype.json",
                "field \"Definition\" must be a list of strings");
        assertError(GOOD.replace("\"Instances\"", "\"Inst\""), "noinst.json", "missing field \"Instances\"");
        assertError(GOOD.replace("\"id\": \"task9-1\"", "\"id\": 5"), "idtype.json",
                "field \"Instances[0].id\" must be a string");
        assertError(GOOD.replace("[\"b\", \"\"]", "[]"), "noout.json", "Instances[0].output\" must not be empty");
        assertError(GOOD.replace("[\"Word Analogy\"]", "{}"), "cat.json",
                "field \"Categories\" must be a list of strings");
        assertError(GOOD.replace("{\"input\": \"x\",", "{\"in\": \"x\","), "ex.json",
                "missing field \"Positive Examples[0].input\"");
    }

    private void assertError(String content, String name, String expected) throws IOException {
        Path p = write(name, content);
        SuperNiFormatException e = assertThrows(SuperNiFormatException.class, () -> TaskFileParser.parse(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void evaluationFilesNameLineAndField() throws IOException {
        Path preds = write("p.jsonl", "{\"id\": \"a\", \"prediction\": \"x\"}\n\n{\"id\": \"b\"}\n");
        SuperNiFormatException e = assertThrows(SuperNiFormatException.class,
                () -> EvaluationFiles.readPredictions(preds));
        assertTrue(e.getMessage().contains("p.jsonl line 3: missing field \"prediction\""), e.getMessage());
        Path refs = write("r.jsonl", "{\"id\": \"a\", \"references\": [\"x\"], \"track\": \"klingon\"}\n");
        e = assertThrows(SuperNiFormatException.class, () -> EvaluationFiles.readReferences(refs));
        assertTrue(e.getMessage().contains("r.jsonl line 1: field \"track\""), e.getMessage());
        Path ok = write("ok.jsonl", "{\"id\": \"a\", \"references\": [\"x\", \"\"]}\n");
        assertEquals(org.badit.superni.metrics.Track.DEFAULT, EvaluationFiles.readReferences(ok).get(0).track());
        assertNull(EvaluationFiles.readReferences(ok).get(0).taskId());
    }
}
