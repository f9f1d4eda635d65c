package org.badit.examples.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.badit.superni.stats.Interval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * ROUGE-L per task over seeds for one paradigm of a study: one group per task, one bar (colour) per row; the bar is
 * the mean over seeds and the error bar half the t-interval ({@link Interval}) at the study's confidence. With one
 * seed there is no interval and no error bar is drawn (zero length), which the title says.
 */
final class StudyRougeChart {

    private StudyRougeChart() {}

    /**
     * Builds the chart, or returns {@code null} when no row of the paradigm has per-task scores (e.g. a
     * report.json written before they were kept).
     */
    static CategoryChart build(StudyReport study, String paradigm, int width, int height) {
        Plots.headless();
        List<StudyReport.Row> rows = study.rows().stream()
                .filter(r -> r.paradigm().equals(paradigm) && !r.perTask().isEmpty()).toList();
        if (rows.isEmpty()) {
            return null;
        }
        Set<String> tasks = new LinkedHashSet<>();
        rows.forEach(r -> tasks.addAll(r.perTask().keySet()));
        List<String> categories = new ArrayList<>(tasks);
        int seeds = study.seeds().size();
        String title = String.format(Locale.ROOT, "ROUGE-L per task, %s: mean over %d seed(s)%s", paradigm, seeds,
                seeds > 1 ? String.format(Locale.ROOT, ", ± %.0f %% t-interval", 100 * study.confidence())
                        : " (no interval)");
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title)
                .xAxisTitle("task").yAxisTitle("ROUGE-L").build();
        Plots.style(chart.getStyler());
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setAvailableSpaceFill(0.8);
        chart.getStyler().setErrorBarsColorSeriesColor(false); // black whiskers stay visible on every bar colour
        if (categories.size() > 6) {
            chart.getStyler().setXAxisLabelRotation(45);
        }
        for (StudyReport.Row r : rows) {
            List<Double> y = new ArrayList<>();
            List<Double> err = new ArrayList<>();
            for (String task : categories) {
                double[] v = r.perTask().get(task);
                double[] finite = v == null ? new double[0] : Arrays.stream(v).filter(Double::isFinite).toArray();
                if (finite.length == 0) {
                    y.add(null); // not scored: no bar rather than a misleading zero
                    err.add(0.0);
                    continue;
                }
                Interval i = Interval.of(finite, study.confidence());
                y.add(i.mean());
                err.add(i.defined() && Double.isFinite(i.halfWidth()) ? i.halfWidth() : 0.0);
            }
            chart.addSeries(r.label(), categories, y, err);
        }
        return chart;
    }
}
