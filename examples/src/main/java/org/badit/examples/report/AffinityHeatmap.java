package org.badit.examples.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

/**
 * The task-affinity matrix of {@code badit group-tasks} as a heatmap, rows and columns ordered by group (then by task
 * order within a group) so that the groups are the blocks on the diagonal. Blue is negative (the tasks pull apart),
 * white zero, orange positive; the colour range is symmetric about 0 so the sign reads at a glance, and spans the
 * largest off-diagonal |affinity| (a task's affinity to itself, often 1, would wash every other cell out; the
 * diagonal is drawn at the range's end).
 */
public final class AffinityHeatmap {

    /** Labels longer than this are cut (SuperNI names run to 60 characters). */
    private static final int LABEL = 28;

    private AffinityHeatmap() {}

    /**
     * Writes the PNG.
     *
     * @param tasks task names, the matrix order
     * @param labels the group of each task
     * @param affinity {@code n × n}
     * @param title the chart title
     * @param file where to write ({@code .png})
     * @return the file
     */
    public static Path write(List<String> tasks, int[] labels, double[][] affinity, String title, Path file) {
        Plots.headless();
        int n = tasks.size();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingInt(i -> labels[i]).thenComparingInt(i -> i));
        List<String> names = new ArrayList<>();
        double max = 1e-12;
        for (int i : order) {
            String name = tasks.get(i);
            names.add("g" + labels[i] + " " + (name.length() > LABEL ? name.substring(0, LABEL) : name));
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    max = Math.max(max, Math.abs(affinity[i][j]));
                }
            }
        }
        List<Number[]> cells = new ArrayList<>();
        for (int x = 0; x < n; x++) {
            for (int y = 0; y < n; y++) {
                // Row y from the top: XChart draws y upwards, so the first task is the last y category.
                double v = affinity[order.get(y)][order.get(x)];
                cells.add(new Number[] {x, n - 1 - y, Math.max(-max, Math.min(max, v))});
            }
        }
        List<String> reversed = new ArrayList<>(names);
        java.util.Collections.reverse(reversed);
        int side = Math.max(420, 90 + 34 * n);
        HeatMapChart chart = new HeatMapChartBuilder().width(side + 330).height(side + 200).title(title).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setRangeColors(new Color[] {Plots.PALETTE[0], Color.WHITE, Plots.PALETTE[1]});
        chart.getStyler().setMin(-max);
        chart.getStyler().setMax(max);
        chart.getStyler().setShowValue(false); // clamped diagonal cells would print the wrong number; groups.json has them
        chart.getStyler().setHeatMapValueDecimalPattern("0.00");
        chart.getStyler().setValueFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 10));
        chart.getStyler().setXAxisLabelRotation(90);
        chart.addSeries("affinity", names, reversed, cells);
        try {
            return Plots.savePng(chart, file);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot write the heatmap: " + e.getMessage(), e);
        }
    }
}
