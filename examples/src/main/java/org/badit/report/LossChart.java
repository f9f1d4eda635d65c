package org.badit.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.awt.BasicStroke;
import java.util.List;
import java.util.Map;

/** Training loss over steps, one colour per method: the raw loss faint, its EMA bold on top. */
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
            XYSeries smooth = chart.addSeries(e.getKey(), x, Plots.ema(y));
            smooth.setMarker(SeriesMarkers.NONE);
            smooth.setLineColor(Plots.color(i));
            smooth.setLineStyle(new BasicStroke(2.2f));
        }
        return any ? chart : null;
    }
}
