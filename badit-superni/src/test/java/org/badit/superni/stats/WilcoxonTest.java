package org.badit.superni.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@link PairedTests#wilcoxon} against scipy 1.17.1. The scipy calls match this class's semantics: zeros dropped
 * ({@code zero_method='wilcox'}, the default); exact up to 20 untied non-zero pairs ({@code method='exact'});
 * otherwise the tie-corrected normal approximation without continuity correction ({@code correction=False,
 * method='asymptotic'}). The intervals are {@code ttest_rel(x, y).confidence_interval(c)}. Regenerate with:
 * <pre>
 * import numpy as np; from scipy import stats
 * x1 = np.array(X1); y1 = np.array(Y1)   # the arrays below, likewise x2, y2, x4, y4
 * stats.wilcoxon(x1, y1, method='exact').pvalue; stats.ttest_rel(x1, y1).confidence_interval(0.95)
 * stats.wilcoxon(x2, y2, zero_method='wilcox', method='exact').pvalue; stats.ttest_rel(x2, y2).confidence_interval(0.90)
 * stats.wilcoxon(x4, y4, correction=False, method='asymptotic').pvalue; stats.ttest_rel(x4, y4).confidence_interval(0.95)
 * rng = np.random.default_rng(7)      # the n = 60 vectors: ROUGE-like, multiples of 2.5, ties and 16 zeros
 * b60 = np.round(rng.uniform(0, 100, 60) / 5) * 5
 * m60 = np.clip(b60 + np.round(rng.normal(2, 6, 60) / 2.5) * 2.5, 0, 100)
 * stats.wilcoxon(m60, b60, zero_method='wilcox', correction=False, method='asymptotic').pvalue
 * stats.ttest_rel(m60, b60).confidence_interval(0.95)
 * </pre>
 */
class WilcoxonTest {

    // n = 10, no zero differences, no ties: exact.
    static final double[] X1 = {72.5, 61.0, 55.25, 80.0, 47.5, 66.0, 90.0, 58.0, 70.0, 63.5};
    static final double[] Y1 = {69.5, 62.25, 50.5, 77.75, 48.0, 60.0, 88.25, 60.5, 63.75, 62.75};
    // n = 12, two zero differences, no ties among the other 10: exact on 10 pairs.
    static final double[] X2 = {40.0, 55.0, 61.5, 33.0, 70.0, 48.0, 52.0, 66.0, 59.0, 45.5, 71.0, 38.0};
    static final double[] Y2 = {40.0, 51.75, 62.0, 35.5, 63.25, 48.0, 46.5, 67.0, 54.75, 44.0, 61.0, 36.75};
    // n = 25 (over the exact limit), one tie: normal approximation.
    static final double[] X4 = {26.27, 49.56, 53.51, 18.24, 29.99, 79.38, 24.53, 26.56, 79.05, 60.46, 42.24, 53.31,
        63.9, 36.9, 26.84, 69.32, 61.96, 55.04, 66.15, 51.96, 77.34, 28.07, 54.6, 51.6, 39.98};
    static final double[] Y4 = {27.71, 49.96, 56.09, 21.72, 28.88, 75.69, 24.23, 27.79, 76.9, 57.31, 42.14, 50.68,
        59.77, 36.52, 28.28, 67.28, 60.22, 50.74, 69.0, 52.94, 78.85, 32.27, 53.22, 49.02, 41.2};
    // n = 60, 16 zero differences, only 5 distinct |differences|: normal approximation with heavy ties.
    static final double[] M60 = {62.5, 92.5, 80, 27.5, 25, 82.5, 0, 87.5, 90, 40, 27.5, 35, 15, 45, 52.5, 65, 100,
        80, 60, 100, 30, 15, 60, 10, 7.5, 50, 40, 92.5, 65, 60, 55, 27.5, 5, 20, 77.5, 22.5, 40, 0, 90, 7.5, 15, 90,
        47.5, 87.5, 80, 72.5, 7.5, 57.5, 55, 85, 35, 65, 10, 35, 32.5, 17.5, 75, 42.5, 97.5, 67.5};
    static final double[] B60 = {65, 90, 80, 25, 30, 85, 0, 80, 80, 45, 30, 30, 25, 45, 50, 55, 100, 80, 60, 100, 20,
        15, 60, 5, 5, 50, 45, 90, 65, 50, 50, 25, 0, 20, 70, 20, 35, 0, 85, 15, 25, 90, 50, 85, 65, 75, 10, 55, 50,
        85, 35, 60, 5, 40, 30, 15, 80, 40, 100, 60};

    private static void check(PairedComparison c, double p, double low, double high, int pairs, String test) {
        assertEquals(p, c.pValue(), 1e-12 * p);
        assertEquals(low, c.low(), 1e-9);
        assertEquals(high, c.high(), 1e-9);
        assertEquals((low + high) / 2, c.difference(), 1e-9);
        assertEquals(pairs, c.pairs());
        assertEquals(test, c.test());
        assertEquals("A", c.method());
        assertEquals("B", c.baseline());
    }

    @Test
    void exactSmallSample() {
        check(PairedTests.wilcoxon("A", "B", X1, Y1, 0.95), 0.083984375, -0.10070229259952557, 4.200702292599525,
                10, "Wilcoxon exact");
    }

    @Test
    void exactAfterDroppingZeros() {
        check(PairedTests.wilcoxon("A", "B", X2, Y2, 0.90), 0.048828125, 0.47298449627476424, 4.277015503725234,
                12, "Wilcoxon exact");
    }

    @Test
    void normalApproximationOverTheExactLimit() {
        check(PairedTests.wilcoxon("A", "B", X4, Y4, 0.95), 0.5097357776379758, -0.6634589220753465,
                1.3314589220753446, 25, "Wilcoxon normal");
    }

    @Test
    void normalApproximationWithTiesAndZeros() {
        check(PairedTests.wilcoxon("A", "B", M60, B60, 0.95), 0.03722922103065128, 0.11424439060583569,
                2.635755609394164, 60, "Wilcoxon normal");
    }

    @Test
    void swappingTheMethodsNegatesTheDifferenceOnly() {
        PairedComparison ab = PairedTests.wilcoxon("A", "B", M60, B60, 0.95);
        PairedComparison ba = PairedTests.wilcoxon("B", "A", B60, M60, 0.95);
        assertEquals(ab.pValue(), ba.pValue(), 1e-15);
        assertEquals(-ab.difference(), ba.difference(), 1e-12);
        assertEquals(-ab.high(), ba.low(), 1e-12);
    }

    @Test
    void allEqualPairsShowNoDifference() {
        double[] s = {10, 20, 30, 40};
        PairedComparison c = PairedTests.wilcoxon("A", "B", s, s.clone(), 0.95);
        assertEquals(1, c.pValue());
        assertEquals(0, c.difference());
        assertEquals(0, c.low());
        assertEquals(0, c.high());
    }

    @Test
    void badInputNamesBothMethods() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PairedTests.wilcoxon("BADIT", "LoRA", new double[] {1, 2, 3}, new double[] {1, 2}, 0.95));
        assertTrue(e.getMessage().contains("BADIT") && e.getMessage().contains("LoRA"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PairedTests.wilcoxon("BADIT", "LoRA", new double[] {1}, new double[] {2}, 0.95));
        assertTrue(e.getMessage().contains("BADIT vs LoRA") && e.getMessage().contains("at least 2 pairs"),
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> PairedTests.wilcoxon("BADIT", "LoRA", new double[] {1, Double.NaN}, new double[] {2, 3}, 0.95));
        assertTrue(e.getMessage().contains("pair 1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PairedTests.wilcoxon("BADIT", "LoRA", X1, Y1, 1.0));
        assertThrows(IllegalArgumentException.class, () -> PairedTests.wilcoxon("BADIT", "LoRA", null, Y1, 0.95));
    }
}
