package org.badit.superni.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link PairedTests#bootstrapOverTasks}: determinism, task-order invariance and cases with known answers. */
class BootstrapOverTasksTest {

    /** Scores [seed][task] drawn around a per-task level; the method gains gain[task] on average. */
    private static double[][][] scores(int seeds, int tasks, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] m = new double[seeds][tasks];
        double[][] b = new double[seeds][tasks];
        for (int t = 0; t < tasks; t++) {
            double level = 20 + 60 * r.nextDouble();
            double gain = 4 * r.nextDouble() - 1;
            for (int s = 0; s < seeds; s++) {
                b[s][t] = level + 2 * r.nextDouble();
                m[s][t] = level + gain + 2 * r.nextDouble();
            }
        }
        return new double[][][] {m, b};
    }

    @Test
    void sameSeedSameAnswerOtherSeedOtherDraws() {
        double[][][] x = scores(3, 15, 1);
        PairedComparison a = PairedTests.bootstrapOverTasks("A", "B", x[0], x[1], 2000, 42, 0.95);
        assertEquals(a, PairedTests.bootstrapOverTasks("A", "B", x[0], x[1], 2000, 42, 0.95));
        PairedComparison other = PairedTests.bootstrapOverTasks("A", "B", x[0], x[1], 2000, 43, 0.95);
        assertEquals(a.difference(), other.difference());
        assertNotEquals(a.low(), other.low());
        assertEquals(15, a.pairs());
        assertEquals("bootstrap over tasks", a.test());
    }

    @Test
    void theOrderOfTheTasksDoesNotMatter() {
        double[][][] x = scores(3, 12, 2);
        int[] perm = {5, 0, 11, 3, 7, 1, 10, 2, 9, 4, 8, 6};
        double[][] m = new double[3][12];
        double[][] b = new double[3][12];
        for (int s = 0; s < 3; s++) {
            for (int t = 0; t < 12; t++) {
                m[s][t] = x[0][s][perm[t]];
                b[s][t] = x[1][s][perm[t]];
            }
        }
        assertEquals(PairedTests.bootstrapOverTasks("A", "B", x[0], x[1], 3000, 7, 0.9),
                PairedTests.bootstrapOverTasks("A", "B", m, b, 3000, 7, 0.9));
    }

    @Test
    void constantDifferenceGivesAPointIntervalAndPZero() {
        double[][] b = {{10, 50, 70, 30}, {12, 48, 71, 33}, {9, 52, 69, 29}};
        double[][] m = new double[3][4];
        for (int s = 0; s < 3; s++) {
            for (int t = 0; t < 4; t++) {
                m[s][t] = b[s][t] + 1.5;
            }
        }
        PairedComparison c = PairedTests.bootstrapOverTasks("A", "B", m, b, 1000, 3, 0.95);
        assertEquals(1.5, c.difference(), 1e-12);
        assertEquals(1.5, c.low(), 1e-12);
        assertEquals(1.5, c.high(), 1e-12);
        assertEquals(0, c.pValue());
        PairedComparison worse = PairedTests.bootstrapOverTasks("B", "A", b, m, 1000, 3, 0.95);
        assertEquals(-1.5, worse.high(), 1e-12);
        assertEquals(0, worse.pValue());
    }

    @Test
    void identicalMethodsGivePOne() {
        double[][] b = {{10, 50, 70}, {12, 48, 71}};
        PairedComparison c = PairedTests.bootstrapOverTasks("A", "B", b, b, 500, 3, 0.95);
        assertEquals(1, c.pValue());
        assertEquals(0, c.low());
        assertEquals(0, c.high());
    }

    @Test
    void intervalWidthMatchesTheStandardErrorOverTasks() {
        // With many tasks the bootstrap distribution of a mean is near normal with sd = population sd / sqrt(T).
        double[][][] x = scores(2, 40, 5);
        PairedComparison c = PairedTests.bootstrapOverTasks("A", "B", x[0], x[1], 20000, 11, 0.95);
        double[] perTask = new double[40];
        double mean = 0;
        for (int t = 0; t < 40; t++) {
            perTask[t] = (x[0][0][t] - x[1][0][t] + x[0][1][t] - x[1][1][t]) / 2;
            mean += perTask[t] / 40;
        }
        double var = 0;
        for (double d : perTask) {
            var += (d - mean) * (d - mean) / 40;
        }
        double halfWidth = 1.96 * Math.sqrt(var / 40);
        assertEquals(mean, c.difference(), 1e-12);
        assertEquals(halfWidth, (c.high() - c.low()) / 2, 0.1 * halfWidth);
        assertTrue(c.low() < mean && mean < c.high());
    }

    @Test
    void oneSeedIsBadInput() {
        double[][] one = {{1, 2, 3}};
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedTests.bootstrapOverTasks("BADIT", "LoRA", one, one, 100, 1, 0.95));
        assertTrue(e.getMessage().startsWith("a paired test needs at least 2 seeds"), e.getMessage());
        assertTrue(e.getMessage().contains("BADIT vs LoRA"), e.getMessage());
    }

    @Test
    void otherBadInput() {
        double[][] two = {{1, 2, 3}, {1, 2, 3}};
        assertThrows(IllegalArgumentException.class,
                () -> PairedTests.bootstrapOverTasks("A", "B", two, new double[][] {{1, 2, 3}, {1, 2}}, 100, 1, 0.95));
        assertThrows(IllegalArgumentException.class,
                () -> PairedTests.bootstrapOverTasks("A", "B", two, new double[3][3], 100, 1, 0.95));
        assertThrows(IllegalArgumentException.class,
                () -> PairedTests.bootstrapOverTasks("A", "B", two, two, 0, 1, 0.95));
        assertThrows(IllegalArgumentException.class,
                () -> PairedTests.bootstrapOverTasks("A", "B", two, new double[][] {{1, 2, Double.NaN}, {1, 2, 3}},
                        100, 1, 0.95));
        assertThrows(IllegalArgumentException.class,
                () -> PairedTests.bootstrapOverTasks("A", "B", new double[2][0], new double[2][0], 100, 1, 0.95));
        assertThrows(IllegalArgumentException.class,
                () -> PairedTests.bootstrapOverTasks("A", "B", two, two, 100, 1, 0));
    }
}
