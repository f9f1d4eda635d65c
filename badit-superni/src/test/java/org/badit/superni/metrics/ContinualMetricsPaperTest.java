package org.badit.superni.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.badit.superni.metrics.ContinualMetrics.Definition;
import org.junit.jupiter.api.Test;

/** The BADIT paper's definitions (its released parse_scores.py) on matrices computed by hand. */
class ContinualMetricsPaperTest {

    // Rows: after task 0, 1, 2. Columns: tasks 0, 1, 2. Same matrix as ContinualMetricsTest.
    private static final double[][] A = {
        {80, 10, 5},
        {60, 70, 20},
        {50, 65, 90},
    };
    private static final double[] SINGLE_TASK = {85, 60, 88};

    @Test
    void handComputedThreeTasks() {
        ContinualMetrics m = ContinualMetrics.of(A, SINGLE_TASK, Definition.PAPER);
        assertEquals((50 + 65 + 90) / 3.0, m.cl(), 1e-12);
        assertEquals(17.5, m.fgt(), 1e-12); // same as GEM: (30 + 5) / 2
        // Bwt: ((50-80) + (65-70) + (90-90)) / 3: divided by T, not T-1.
        assertEquals(-35 / 3.0, m.bwt(), 1e-12);
        // Fwt: diagonal minus single-task: ((80-85) + (70-60) + (90-88)) / 3.
        assertEquals(7 / 3.0, m.fwt(), 1e-12);
    }

    @Test
    void twoTasks() {
        ContinualMetrics m = ContinualMetrics.of(new double[][] {{50, 99}, {40, 60}}, new double[] {55, 50},
                Definition.PAPER);
        assertEquals(50, m.cl(), 1e-12);
        assertEquals(10, m.fgt(), 1e-12);
        assertEquals(-5, m.bwt(), 1e-12); // (40-50) / 2
        assertEquals(2.5, m.fwt(), 1e-12); // ((50-55) + (60-50)) / 2
    }

    @Test
    void singleTaskMeasuresFwtOnTheOnlyEntry() {
        ContinualMetrics m = ContinualMetrics.of(new double[][] {{42}}, new double[] {40}, Definition.PAPER);
        assertEquals(42, m.cl());
        assertEquals(0, m.fgt());
        assertEquals(0, m.bwt());
        assertEquals(2, m.fwt(), 1e-12);
    }

    @Test
    void noBaselineLeavesFwtUndefined() {
        assertTrue(Double.isNaN(ContinualMetrics.of(A, null, Definition.PAPER).fwt()));
    }

    @Test
    void gemThroughTheThreeArgumentMethodIsTheTwoArgumentMethod() {
        double[] b = {0, 15, 10};
        assertEquals(ContinualMetrics.of(A, b), ContinualMetrics.of(A, b, Definition.GEM));
    }

    @Test
    void errors() {
        assertThrows(IllegalArgumentException.class, () -> ContinualMetrics.of(A, SINGLE_TASK, null));
        assertThrows(IllegalArgumentException.class,
                () -> ContinualMetrics.of(A, new double[] {1}, Definition.PAPER));
        assertThrows(IllegalArgumentException.class,
                () -> ContinualMetrics.of(new double[][] {{1, 2}}, null, Definition.PAPER));
    }
}
