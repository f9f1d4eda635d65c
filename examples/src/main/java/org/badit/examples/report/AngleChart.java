package org.badit.examples.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.List;
import java.util.Map;

/**
 * Inter- and intra-expert gradient angles over training, as the paper's Fig. 4: inter-expert solid, intra-expert
 * dashed, one colour per method. Orthogonal experts show inter angles near 90° while intra angles stay lower.
 */
final class AngleChart {

    private AngleChart() {}

    /**
     * Builds the chart, or returns {@code null} when no method logged both angles in any step.
     *
     * @param logs method → its steps, in the table's order (the order fixes the colours)
     */
    static XYChart build(Map<String, List<StepMetrics>> logs, int width, int height) {
        return build(logs, 0, "Gradient angles between expert components", width, height);
    }

    /**
     * Builds the chart of one method alone (a study draws one per BADIT-like row, where the combined chart's
     * curves would overlap), or returns {@code null} when it logged no angles.
     *
     * @param method the method's name
     * @param colorIndex its position in the table, so it keeps its colour
     * @param log its steps
     */
    static XYChart buildOne(String method, int colorIndex, List<StepMetrics> log, int width, int height) {
        return build(Map.of(method, log), colorIndex, "Gradient angles between expert components: " + method,
                width, height);
    }

    private static XYChart build(Map<String, List<StepMetrics>> logs, int firstColor, String title, int width,
            int height) {
        Plots.headless();
        XYChart chart = new XYChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("step").yAxisTitle("angle (degrees)").build();
        Plots.style(chart.getStyler());
        int i = firstColor - 1;
        boolean any = false;
        for (Map.Entry<String, List<StepMetrics>> e : logs.entrySet()) {
            i++;
            List<StepMetrics> withAngles = e.getValue().stream()
                    .filter(StepMetrics::hasAngles)
                    .filter(s -> Double.isFinite(s.interAngleDeg()) && Double.isFinite(s.intraAngleDeg()))
                    .toList();
            if (withAngles.isEmpty()) {
                continue;
            }
            any = true;
            double[] x = withAngles.stream().mapToDouble(StepMetrics::step).toArray();
            XYSeries inter = chart.addSeries(e.getKey() + " inter-expert", x,
                    withAngles.stream().mapToDouble(StepMetrics::interAngleDeg).toArray());
            inter.setMarker(SeriesMarkers.NONE);
            inter.setLineColor(Plots.color(i));
            inter.setLineStyle(SeriesLines.SOLID);
            XYSeries intra = chart.addSeries(e.getKey() + " intra-expert", x,
                    withAngles.stream().mapToDouble(StepMetrics::intraAngleDeg).toArray());
            intra.setMarker(SeriesMarkers.NONE);
            intra.setLineColor(Plots.color(i));
            intra.setLineStyle(SeriesLines.DASH_DASH);
        }
        return any ? chart : null;
    }
}
