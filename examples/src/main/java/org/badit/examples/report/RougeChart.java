package org.badit.examples.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** ROUGE-L per task and overall as grouped bars: one group per task, one bar (colour) per method. */
final class RougeChart {

    private RougeChart() {}

    /** The category under which the overall score is drawn, after the tasks. */
    static final String OVERALL = "overall";

    static CategoryChart build(List<MethodResult> results, int width, int height) {
        Plots.headless();
        Set<String> tasks = new LinkedHashSet<>();
        results.forEach(r -> tasks.addAll(r.perTaskRougeL().keySet()));
        List<String> categories = new ArrayList<>(tasks);
        categories.add(OVERALL);
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height)
                .title("ROUGE-L per task").xAxisTitle("task").yAxisTitle("ROUGE-L").build();
        Plots.style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setAvailableSpaceFill(0.8);
        if (categories.size() > 6) {
            chart.getStyler().setXAxisLabelRotation(45); // long SuperNI task names would overlap
        }
        for (MethodResult r : results) {
            List<Double> y = new ArrayList<>();
            for (String task : tasks) {
                Double v = r.perTaskRougeL().get(task);
                // A task this method was not scored on gets no bar rather than a misleading zero.
                y.add(v == null || v.isNaN() ? null : v);
            }
            y.add(r.rougeL());
            chart.addSeries(r.method(), categories, y);
        }
        return chart;
    }
}
