package org.badit.examples.cli.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.badit.examples.report.AccuracyMatrixReport;
import org.badit.superni.metrics.ContinualMetrics;
import org.junit.jupiter.api.Test;

/** The study's accuracy-matrix heat map: the mean over seeds, aligned by training position when orders differ. */
class StudyTableTest {

    private static SeedResult seed(long s, List<String> order, double[][] m, double cl) {
        return new SeedResult(s, Path.of("run-" + s), cl, 0, Map.of(), Map.of(), new ContinualMetrics(cl, 1, -1,
                Double.NaN), null, 1, 1, 1, m, order);
    }

    @Test
    void sameOrderAveragesByTaskAndKeepsTheNames() {
        AccuracyMatrixReport m = StudyTable.meanAccuracyMatrix(List.of(
                seed(1, List.of("a", "b"), new double[][] {{10, Double.NaN}, {6, 20}}, 13),
                seed(2, List.of("a", "b"), new double[][] {{20, 4}, {8, 30}}, 19)));
        assertEquals(List.of("a", "b"), m.getTasks());
        assertEquals("Accuracy matrix, mean over 2 seeds", m.getTitle());
        assertEquals(15, m.get(0, 0), 1e-12);
        assertEquals(4, m.get(0, 1), 1e-12, "a cell one seed did not evaluate: the other seed's value");
        assertEquals(7, m.get(1, 0), 1e-12);
        assertEquals(25, m.get(1, 1), 1e-12);
        assertEquals(16, m.getSummary().get("Cl"), 1e-12);
    }

    @Test
    void differentOrdersAreAlignedByPositionAndSaySo() {
        AccuracyMatrixReport m = StudyTable.meanAccuracyMatrix(List.of(
                seed(1, List.of("a", "b"), new double[][] {{10, 0}, {6, 20}}, 13),
                seed(2, List.of("b", "a"), new double[][] {{20, 0}, {8, 30}}, 19)));
        assertEquals(List.of("task learned #1", "task learned #2"), m.getTasks());
        assertTrue(m.getTitle().contains("aligned by training position"), m.getTitle());
        assertEquals(15, m.get(0, 0), 1e-12);
        assertEquals(25, m.get(1, 1), 1e-12);
    }
}
