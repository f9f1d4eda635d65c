package org.badit.examples.report;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Training loss over steps, one colour per method: the raw loss faint, its EMA bold on top; in sequential training
 * dashed vertical lines mark where each new task starts.
 */
final class LossChart {

    private LossChart() {}

    /**
     * Builds the chart, or returns {@code null} when no method logged a finite loss.
     *
     * @param logs method → its steps, in the table's order (the order fixes the colours)
     */
    static XYChart build(Map<String, List<StepMetrics>> logs, int width, int height) {
        Plots.headless();
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title("Training loss").xAxisTitle("step").yAxisTitle("loss").build();
        Plots.style(chart.getStyler());
        int i = -1;
        boolean any = false;
        for (Map.Entry<String, List<StepMetrics>> e : logs.entrySet()) {
            i++;
            List<StepMetrics> finite = e.getValue().stream()
                    .filter(s -> s.loss() != null && Double.isFinite(s.loss())).toList();
            if (finite.isEmpty()) {
                continue;
            }
            any = true;
            double[] x = finite.stream().mapToDouble(StepMetrics::step).toArray();
            double[] y = finite.stream().mapToDouble(StepMetrics::loss).toArray();
            XYSeries raw = chart.addSeries(e.getKey() + " (raw)", x, y);
            raw.setMarker(SeriesMarkers.NONE);
            raw.setLineColor(Plots.faint(Plots.color(i), 70));
            raw.setLineWidth(1f);
            raw.setShowInLegend(false);
            XYSeries smooth = chart.addSeries(e.getKey(), x, smoothPerStage(finite, y));
            smooth.setMarker(SeriesMarkers.NONE);
            smooth.setLineColor(Plots.color(i));
            smooth.setLineStyle(new BasicStroke(2.2f));
        }
        if (!any) {
            return null;
        }
        // Sequential training: a dashed line where a new task starts, so forgetting bumps can be read off.
        chart.getStyler().setAnnotationLineColor(new Color(90, 90, 90));
        chart.getStyler().setAnnotationLineStroke(
                new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {4f, 4f}, 0f));
        for (double x : stageStarts(logs)) {
            chart.addAnnotation(new AnnotationLine(x, true, false));
        }
        return chart;
    }

    /**
     * EMA restarted at every stage: a new task's loss jumps, and an average carried over the boundary would smear
     * that jump (the very thing a sequential run's plot should show) over the next steps.
     */
    static double[] smoothPerStage(List<StepMetrics> steps, double[] y) {
        double[] out = new double[y.length];
        int from = 0;
        for (int k = 1; k <= y.length; k++) {
            if (k == y.length || steps.get(k).stage() != steps.get(k - 1).stage()) {
                double[] seg = Plots.ema(Arrays.copyOfRange(y, from, k));
                System.arraycopy(seg, 0, out, from, seg.length);
                from = k;
            }
        }
        return out;
    }

    /** The steps (minus half a step, to fall between points) at which any method's stage changes. */
    static SortedSet<Double> stageStarts(Map<String, List<StepMetrics>> logs) {
        SortedSet<Double> starts = new TreeSet<>();
        for (List<StepMetrics> steps : logs.values()) {
            for (int k = 1; k < steps.size(); k++) {
                if (steps.get(k).stage() != steps.get(k - 1).stage()) {
                    starts.add(steps.get(k).step() - 0.5);
                }
            }
        }
        return starts;
    }
}
