package org.badit.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

class LossChartTest {

    private static StepMetrics step(int step, int stage, Double loss) {
        return new StepMetrics(step, stage, "t" + stage, loss, null, null, null, null, null, null, null, null, null);
    }

    @Test
    void marksWhereEachSequentialTaskStarts() {
        List<StepMetrics> steps = new ArrayList<>();
        for (int s = 1; s <= 30; s++) {
            steps.add(step(s, (s - 1) / 10, 1.0 / s));
        }
        assertEquals(List.of(10.5, 20.5), List.copyOf(LossChart.stageStarts(Map.of("badit", steps))));
        assertTrue(LossChart.build(Map.of("badit", steps), 300, 200) != null);
    }

    @Test
    void smoothingRestartsAtEachStage() {
        List<StepMetrics> steps = new ArrayList<>();
        double[] y = new double[60];
        for (int s = 0; s < 60; s++) {
            y[s] = s < 30 ? 1.0 : 5.0;
            steps.add(step(s, s < 30 ? 0 : 1, y[s]));
        }
        double[] smooth = LossChart.smoothPerStage(steps, y);
        assertEquals(1.0, smooth[29], 1e-12);
        assertEquals(5.0, smooth[30], 1e-12, "the new task's jump is not averaged away");
    }

    @Test
    void noFiniteLossMeansNoChart() {
        List<StepMetrics> steps = List.of(step(1, 0, null), step(2, 0, Double.NaN));
        assertNull(LossChart.build(Map.of("lora", steps), 300, 200));
    }

    @Test
    void emaStartsAtTheFirstValueAndFollowsAConstant() {
        double[] y = new double[50];
        java.util.Arrays.fill(y, 2.0);
        double[] s = Plots.ema(y);
        assertEquals(2.0, s[0], 1e-12, "debiased: no pull towards zero");
        assertEquals(2.0, s[49], 1e-12);
    }
}
