package org.badit.superni.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Continual-learning metrics on matrices computed by hand. */
class ContinualMetricsTest {

    // Rows: after task 0, 1, 2. Columns: tasks 0, 1, 2.
    private static final double[][] A = {
        {80, 10, 5},
        {60, 70, 20},
        {50, 65, 90},
    };

    @Test
    void handComputedThreeTasks() {
        ContinualMetrics m = ContinualMetrics.of(A, new double[] {0, 15, 10});
        assertEquals((50 + 65 + 90) / 3.0, m.cl(), 1e-12);
        // Forgetting: task0 max(80,60)-50 = 30; task1 max(10,70)-65 = 5 -> 17.5
        assertEquals(17.5, m.fgt(), 1e-12);
        // Bwt: (50-80) + (65-70) = -35 -> -17.5
        assertEquals(-17.5, m.bwt(), 1e-12);
        // Fwt: (a[0][1]-15) + (a[1][2]-10) = -5 + 10 -> 2.5
        assertEquals(2.5, m.fwt(), 1e-12);
    }

    @Test
    void forgettingTakesTheMaximumOverAllEarlierRows() {
        // Standard definition: the best earlier score of task 0 is its row-0 score, whatever came after.
        double[][] a = {{50, 99}, {40, 60}};
        ContinualMetrics m = ContinualMetrics.of(a, null);
        assertEquals(10, m.fgt(), 1e-12);
        assertEquals(-10, m.bwt(), 1e-12);
        assertTrue(Double.isNaN(m.fwt()));
        // Task 1 scored 99 in row 0 (before it was trained): the standard maximum still counts it: (20 + 69) / 2.
        double[][] b = {{50, 99, 0}, {40, 60, 0}, {30, 30, 30}};
        assertEquals(44.5, ContinualMetrics.of(b, null).fgt(), 1e-12);
    }

    @Test
    void noForgettingWhenNothingDrops() {
        double[][] a = {{50, 0}, {55, 60}};
        ContinualMetrics m = ContinualMetrics.of(a, new double[] {0, 0});
        assertEquals(57.5, m.cl(), 1e-12);
        assertEquals(-5, m.fgt(), 1e-12); // improvement shows as negative forgetting
        assertEquals(5, m.bwt(), 1e-12);
        assertEquals(0, m.fwt(), 1e-12);
    }

    @Test
    void singleTaskAndErrors() {
        ContinualMetrics m = ContinualMetrics.of(new double[][] {{42}}, new double[] {1});
        assertEquals(42, m.cl());
        assertEquals(0, m.fgt());
        assertThrows(IllegalArgumentException.class, () -> ContinualMetrics.of(new double[][] {{1, 2}}, null));
        assertThrows(IllegalArgumentException.class, () -> ContinualMetrics.of(A, new double[] {1}));
    }

    @Test
    void colla() {
        assertEquals(3.5, ContinualMetrics.colla(45.5, 42.0), 1e-12);
        assertEquals(-1.0, ContinualMetrics.colla(new double[] {10, 20}, new double[] {12, 20}), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> ContinualMetrics.colla(new double[] {1}, new double[0]));
    }
}
