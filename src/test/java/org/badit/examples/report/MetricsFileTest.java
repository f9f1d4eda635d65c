package org.badit.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class MetricsLogTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryField() throws IOException {
        StepMetrics full = new StepMetrics(7, 2, "task190_snli", 1.25, 3e-4, 0.9, 1500.0, 55.5, 88.0, 0.01, 4,
                17.0, 3.5);
        Path file = dir.resolve("m.jsonl");
        MetricsFile.write(file, List.of(full, StepMetrics.ofLoss(8, 1.0)));
        List<StepMetrics> back = MetricsFile.read(file);
        assertEquals(List.of(full, StepMetrics.ofLoss(8, 1.0)), back);
    }

    @Test
    void missingKeysAreNullAndBlankLinesAndUnknownKeysAreSkipped() throws IOException {
        Path file = dir.resolve("m.jsonl");
        Files.writeString(file, "{\"step\": 1, \"loss\": 2.5}\n\n{\"step\": 2, \"future_key\": [1,2]}\n"
                + "{\"step\": 3, \"loss\": NaN, \"regroup_moved\": 5}\n");
        List<StepMetrics> steps = MetricsFile.read(file);
        assertEquals(3, steps.size());
        assertEquals(2.5, steps.get(0).loss());
        assertEquals(0, steps.get(0).stage());
        assertNull(steps.get(0).task());
        assertNull(steps.get(1).loss());
        assertNull(steps.get(1).intraAngleDeg());
        assertTrue(steps.get(2).loss().isNaN(), "a diverged loss is kept");
        assertEquals(5, steps.get(2).regroupMoved());
    }

    @Test
    void malformedLineIsNamedByFileAndLine() throws IOException {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "{\"step\": 1, \"loss\": 2.5}\n{\"step\": 2, \"loss\": 2.4}\n{\"step\": 3, \"loss\n");
        IOException e = assertThrows(IOException.class, () -> MetricsFile.read(file));
        assertTrue(e.getMessage().contains("bad.jsonl:3:"), e.getMessage());
    }

    @Test
    void wrongTypesAndMissingStepAreErrorsNamingTheKey() throws IOException {
        assertError("{\"step\": 1, \"loss\": \"low\"}", ":1:", "\"loss\"");
        assertError("{\"loss\": 1.0}", ":1:", "\"step\"");
        assertError("{\"step\": 1.5}", ":1:", "\"step\"");
        assertError("[1, 2]", ":1:", "JSON object");
        assertError("{\"step\": 1, \"task\": 3}", ":1:", "\"task\"");
    }

    private void assertError(String line, String... expected) throws IOException {
        Path file = dir.resolve("e.jsonl");
        Files.writeString(file, line + "\n");
        IOException e = assertThrows(IOException.class, () -> MetricsFile.read(file));
        for (String s : expected) {
            assertTrue(e.getMessage().contains(s), e.getMessage() + " should contain " + s);
        }
    }
}
