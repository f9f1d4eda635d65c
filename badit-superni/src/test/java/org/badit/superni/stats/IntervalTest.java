package org.badit.superni.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Student-t intervals against scipy 1.17.1. Regenerate the expected ends with:
 * <pre>
 * import numpy as np; from scipy import stats
 * for v, c in [([41.2, 43.5, 40.8], 0.95), ([41.2, 43.5, 40.8], 0.90),
 *              ([50.0, 52.5, 49.0, 51.0, 55.5], 0.95), ([1.0, 2.0], 0.99)]:
 *     v = np.array(v); print(stats.t.interval(c, len(v) - 1, loc=v.mean(), scale=stats.sem(v)))
 * </pre>
 */
class IntervalTest {

    private static void check(double[] values, double confidence, double low, double high) {
        Interval i = Interval.of(values, confidence);
        assertEquals((low + high) / 2, i.mean(), 1e-9);
        assertEquals(low, i.low(), 1e-9);
        assertEquals(high, i.high(), 1e-9);
        assertEquals(values.length, i.n());
        assertTrue(i.defined());
    }

    @Test
    void matchesScipy() {
        check(new double[] {41.2, 43.5, 40.8}, 0.95, 38.213531824553755, 45.45313484211292);
        check(new double[] {41.2, 43.5, 40.8}, 0.90, 39.37676319549781, 44.28990347116886);
        check(new double[] {50.0, 52.5, 49.0, 51.0, 55.5}, 0.95, 48.4526817864256, 54.7473182135744);
        check(new double[] {1.0, 2.0}, 0.99, -30.328370581435763, 33.32837058143576);
    }

    @Test
    void oneValueHasNoInterval() {
        Interval i = Interval.of(new double[] {42.5}, 0.95);
        assertEquals(42.5, i.mean());
        assertTrue(Double.isNaN(i.low()));
        assertTrue(Double.isNaN(i.high()));
        assertFalse(i.defined());
    }

    @Test
    void equalValuesGiveAPointInterval() {
        Interval i = Interval.of(new double[] {3, 3, 3}, 0.95);
        assertEquals(3, i.low());
        assertEquals(3, i.high());
    }

    @Test
    void badInputIsRejectedWithAMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Interval.of(new double[0], 0.95));
        assertTrue(e.getMessage().contains("at least one value"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Interval.of(null, 0.95));
        for (double c : new double[] {0, 1, -0.5, 1.5, Double.NaN}) {
            e = assertThrows(IllegalArgumentException.class, () -> Interval.of(new double[] {1, 2}, c));
            assertTrue(e.getMessage().contains("confidence"), e.getMessage());
        }
        e = assertThrows(IllegalArgumentException.class, () -> Interval.of(new double[] {1, Double.NaN}, 0.95));
        assertTrue(e.getMessage().contains("value 1 is NaN"), e.getMessage());
    }
}
