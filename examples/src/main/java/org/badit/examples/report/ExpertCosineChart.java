package org.badit.examples.report;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import java.util.List;
import java.util.Map;

/**
 * The largest principal-angle cosine between two experts' subspaces over training, one line per method: 0 means
 * the experts span orthogonal subspaces, 1 that two share a direction. Shows whether orthogonality is kept.
 */
final class ExpertCosineChart {

    private ExpertCosineChart() {}

    /**
     * Builds the chart, or returns {@code null} when no method logged a finite {@code max_expert_cosine}.
     *
     * @param logs method → its steps, in the table's order (the order fixes the colours, as in the other plots)
     */
    static XYChart build(Map<String, List<StepMetrics>> logs, int width, int height) {
        Plots.headless();
        XYChart chart = new XYChartBuilder().width(width).height(height)
                .title("Largest cosine between two experts' subspaces")
                .xAxisTitle("step").yAxisTitle("max expert cosine").build();
        Plots.style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        int i = -1;
        boolean any = false;
        for (Map.Entry<String, List<StepMetrics>> e : logs.entrySet()) {
            i++;
            List<StepMetrics> with = e.getValue().stream()
                    .filter(s -> s.maxExpertCosine() != null && Double.isFinite(s.maxExpertCosine())).toList();
            if (with.isEmpty()) {
                continue;
            }
            any = true;
            XYSeries s = chart.addSeries(e.getKey(), with.stream().mapToDouble(StepMetrics::step).toArray(),
                    with.stream().mapToDouble(StepMetrics::maxExpertCosine).toArray());
            s.setMarker(with.size() == 1 ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
            s.setLineColor(Plots.color(i)); // the method's colour in every plot of the report
            s.setMarkerColor(Plots.color(i));
        }
        return any ? chart : null;
    }
}
