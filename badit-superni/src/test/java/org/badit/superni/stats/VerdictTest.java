package org.badit.superni.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The verdict lines of {@link PairedTests}, with and without Holm's correction. */
class VerdictTest {

    private static PairedComparison c(String baseline, double diff, double p) {
        return new PairedComparison("BADIT", baseline, diff, diff - 0.8, diff + 0.8, p, 600, "Wilcoxon normal");
    }

    @Test
    void betterWorseOrNoDifference() {
        assertEquals("BADIT vs LoRA: +1.23 ROUGE-L [0.43, 2.03], p = 0.004 (Wilcoxon normal, n = 600): BADIT better",
                PairedTests.verdict(c("LoRA", 1.23, 0.004), 0.05, "ROUGE-L"));
        assertEquals("BADIT vs LoRA: -1.23 [-2.03, -0.43], p < 0.001 (Wilcoxon normal, n = 600): BADIT worse",
                PairedTests.verdict(c("LoRA", -1.23, 1e-6), 0.05));
        assertEquals("BADIT vs LoRA: +0.30 [-0.50, 1.10], p = 0.200 (Wilcoxon normal, n = 600): "
                + "no significant difference", PairedTests.verdict(c("LoRA", 0.3, 0.2), 0.05));
        // Significance is p < alpha, strictly.
        assertEquals("BADIT vs LoRA: +0.30 [-0.50, 1.10], p = 0.050 (Wilcoxon normal, n = 600): "
                + "no significant difference", PairedTests.verdict(c("LoRA", 0.3, 0.05), 0.05));
    }

    @Test
    void missingIntervalIsSaid() {
        PairedComparison c = new PairedComparison("A", "B", 1, Double.NaN, Double.NaN, 0.5, 1, "t");
        assertEquals("A vs B: +1.00 [no interval], p = 0.500 (t, n = 1): no significant difference",
                PairedTests.verdict(c, 0.05));
    }

    @Test
    void holmAdjustsInStepDownOrderAndKeepsTheInputOrder() {
        // Sorted raw p: 0.01 (x3 = 0.03), 0.03 (x2 = 0.06), 0.04 (x1 = 0.04, raised to 0.06 for monotonicity).
        List<String> lines = PairedTests.verdicts(
                List.of(c("LoRA", 1.0, 0.04), c("LoRAMoE", 2.0, 0.01), c("GainLoRA", 1.5, 0.03)), 0.05);
        assertEquals(List.of(
                "BADIT vs LoRA: +1.00 [0.20, 1.80], p = 0.060 Holm-adjusted, raw p = 0.040 (Wilcoxon normal, n = 600):"
                        + " no significant difference",
                "BADIT vs LoRAMoE: +2.00 [1.20, 2.80], p = 0.030 Holm-adjusted, raw p = 0.010 (Wilcoxon normal,"
                        + " n = 600): BADIT better",
                "BADIT vs GainLoRA: +1.50 [0.70, 2.30], p = 0.060 Holm-adjusted, raw p = 0.030 (Wilcoxon normal,"
                        + " n = 600): no significant difference"), lines);
        assertEquals(List.of(), PairedTests.verdicts(List.of(), 0.05));
    }

    @Test
    void holmClipsAtOne() {
        assertEquals("BADIT vs X: +1.00 [0.20, 1.80], p = 1.000 Holm-adjusted, raw p = 0.600 (Wilcoxon normal,"
                + " n = 600): no significant difference",
                PairedTests.verdicts(List.of(c("X", 1, 0.6), c("Y", 1, 0.7)), 0.05).get(0));
    }

    @Test
    void alphaMustBeAProbability() {
        assertThrows(IllegalArgumentException.class, () -> PairedTests.verdict(c("LoRA", 1, 0.01), 0));
        assertThrows(IllegalArgumentException.class, () -> PairedTests.verdicts(List.of(), 1.5));
    }
}
