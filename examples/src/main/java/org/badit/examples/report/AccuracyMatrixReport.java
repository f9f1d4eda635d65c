package org.badit.examples.report;

import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;

import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accuracy matrix of sequential (continual) training: entry (i, j) is the score on task j after training on
 * tasks 0..i. The diagonal is each task just after it was learned; the last row is the final model; the drop
 * down a column is forgetting. Rendered as a Markdown table and an XChart heat map.
 *
 * <p>Cells that were not evaluated are {@code NaN} and shown as a dash (Markdown) or left blank (heat map).
 */
public final class AccuracyMatrixReport {

    private final String title;
    private final String metric;
    private final List<String> tasks;
    private final double[][] matrix;
    private final Map<String, Double> summary;
    private final PlotSize plotSize;

    private AccuracyMatrixReport(Builder b) {
        title = b.title;
        metric = b.metric;
        tasks = List.copyOf(b.tasks);
        int t = tasks.size();
        matrix = new double[t][];
        for (int i = 0; i < t; i++) {
            matrix[i] = b.matrix[i].clone();
        }
        summary = new LinkedHashMap<>(b.summary);
        plotSize = b.plotSize;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the title.
     *
     * @return the title
     */
    public String getTitle() {
        return title;
    }

    /**
     * Returns the name of the score in the cells.
     *
     * @return the metric's name
     */
    public String getMetric() {
        return metric;
    }

    /**
     * Returns the tasks in training order.
     *
     * @return the task names
     */
    public List<String> getTasks() {
        return tasks;
    }

    /**
     * Returns a copy of the matrix.
     *
     * @return the T×T scores, {@code NaN} where not evaluated
     */
    public double[][] getMatrix() {
        double[][] copy = new double[matrix.length][];
        for (int i = 0; i < matrix.length; i++) {
            copy[i] = matrix[i].clone();
        }
        return copy;
    }

    /**
     * Returns the summary metrics shown below the table.
     *
     * @return name → value, in insertion order
     */
    public Map<String, Double> getSummary() {
        return Collections.unmodifiableMap(summary);
    }

    /**
     * Returns the score on task {@code j} after training task {@code i} ({@code NaN} if not evaluated).
     *
     * @param i the row: index of the last task trained
     * @param j the column: index of the task evaluated
     * @return the score
     */
    public double get(int i, int j) {
        return matrix[i][j];
    }

    /**
     * Renders the matrix as a Markdown section: heading, table (diagonal in bold), and the summary metrics if set.
     *
     * @return the Markdown text, ending with a newline
     */
    public String renderMarkdown() {
        return renderMarkdown(2, title);
    }

    /** Renders the section under another heading (level 3 and the method's name inside a comparison report). */
    String renderMarkdown(int headingLevel, String heading) {
        StringBuilder sb = new StringBuilder();
        sb.append("#".repeat(headingLevel)).append(' ').append(heading).append("\n\n");
        sb.append("Row i: after training tasks 1..i in order; column j: ").append(metric)
                .append(" on task j. The diagonal (bold) is each task right after it was learned; reading down a "
                        + "column below it shows forgetting.\n\n");
        sb.append("| after \\ on |");
        for (int j = 0; j < tasks.size(); j++) {
            sb.append(' ').append(j + 1).append(". ").append(tasks.get(j).replace("|", "\\|")).append(" |");
        }
        sb.append("\n|:---|");
        tasks.forEach(t -> sb.append("---:|"));
        sb.append('\n');
        for (int i = 0; i < tasks.size(); i++) {
            sb.append("| ").append(i + 1).append(". ").append(tasks.get(i).replace("|", "\\|")).append(" |");
            for (int j = 0; j < tasks.size(); j++) {
                String cell = format(matrix[i][j]);
                sb.append(' ').append(i == j && !Double.isNaN(matrix[i][j]) ? "**" + cell + "**" : cell)
                        .append(" |");
            }
            sb.append('\n');
        }
        if (!summary.isEmpty()) {
            sb.append('\n');
            summary.forEach((k, v) -> sb.append("- ").append(k).append(": ").append(format(v)).append('\n'));
        }
        return sb.toString();
    }

    /**
     * Writes the heat map as a PNG file.
     *
     * @param png the file, ending in {@code .png}
     * @return {@code png}
     * @throws IOException if it cannot be written
     */
    public Path writeHeatmap(Path png) throws IOException {
        return Plots.savePng(heatmap(), png);
    }

    /**
     * Writes {@code <baseName>.md} and {@code <baseName>.png} into {@code dir} (created if needed); the Markdown
     * embeds the PNG with a relative link.
     *
     * @param dir the output directory
     * @param baseName the file name without extension, e.g. {@code accuracy_matrix_badit}
     * @return the Markdown file and the PNG file
     * @throws IOException if a file cannot be written
     */
    public List<Path> write(Path dir, String baseName) throws IOException {
        Files.createDirectories(dir);
        Path png = writeHeatmap(dir.resolve(baseName + ".png"));
        Path md = dir.resolve(baseName + ".md");
        Files.writeString(md, renderMarkdown() + "\n![" + title + "](" + png.getFileName() + ")\n",
                StandardCharsets.UTF_8);
        return List.of(md, png);
    }

    private HeatMapChart heatmap() {
        Plots.headless();
        int t = tasks.size();
        List<String> x = new ArrayList<>();
        List<String> y = new ArrayList<>();
        for (int j = 0; j < t; j++) {
            x.add(String.valueOf(j + 1));
        }
        // XChart puts y index 0 at the bottom; reverse so the picture reads like the table (first task on top).
        for (int i = t - 1; i >= 0; i--) {
            y.add(String.valueOf(i + 1));
        }
        List<Number[]> cells = new ArrayList<>();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                double v = matrix[i][j];
                if (Double.isFinite(v)) {
                    cells.add(new Number[] {j, t - 1 - i, v});
                    min = Math.min(min, v);
                    max = Math.max(max, v);
                }
            }
        }
        HeatMapChart chart = new HeatMapChartBuilder().width(plotSize.width()).height(plotSize.height()).title(title)
                .xAxisTitle("evaluated on task").yAxisTitle("after training task").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setShowValue(true);
        chart.getStyler().setHeatMapValueDecimalPattern("0.0");
        chart.getStyler().setRangeColors(new Color[] {new Color(247, 251, 255), new Color(8, 81, 156)});
        chart.getStyler().setLegendVisible(true);
        if (cells.isEmpty()) {
            min = 0;
            max = 1;
        } else if (min == max) {
            max = min + 1; // a flat range would divide by zero in the colour scale
        }
        chart.getStyler().setMin(min);
        chart.getStyler().setMax(max);
        chart.addSeries(metric, x, y, cells);
        return chart;
    }

    private static String format(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** Builds an {@link AccuracyMatrixReport}. */
    public static final class Builder {
        private String title = "Accuracy matrix";
        private String metric = "ROUGE-L";
        private List<String> tasks;
        private double[][] matrix;
        private final Map<String, Double> summary = new LinkedHashMap<>();
        private PlotSize plotSize = new PlotSize(700, 600);

        Builder() {}

        /**
         * Sets the tasks in training order and the T×T matrix (row i: after task i; column j: task j).
         *
         * @param tasks the task names
         * @param matrix the scores, {@code NaN} where not evaluated
         * @return this builder
         */
        public Builder setMatrix(List<String> tasks, double[][] matrix) {
            this.tasks = tasks;
            this.matrix = matrix;
            return this;
        }

        /**
         * Sets the title (the Markdown heading and the plot title).
         *
         * @param title the title
         * @return this builder
         */
        public Builder optTitle(String title) {
            this.title = title;
            return this;
        }

        /**
         * Sets the name of the score in the cells (default ROUGE-L).
         *
         * @param metric the metric's name
         * @return this builder
         */
        public Builder optMetric(String metric) {
            this.metric = metric;
            return this;
        }

        /**
         * Adds a summary metric shown below the table (e.g. Cl, Fgt, Bwt, Fwt as computed by the evaluator).
         *
         * @param name the metric's name
         * @param value its value
         * @return this builder
         */
        public Builder addSummary(String name, double value) {
            summary.put(name, value);
            return this;
        }

        /**
         * Sets the heat map's size in pixels (default 700 × 600).
         *
         * @param width the width
         * @param height the height
         * @return this builder
         */
        public Builder optPlotSize(int width, int height) {
            this.plotSize = new PlotSize(width, height);
            return this;
        }

        /**
         * Builds the report.
         *
         * @return the report
         * @throws IllegalArgumentException if the matrix is missing or not T×T for T tasks
         */
        public AccuracyMatrixReport build() {
            if (tasks == null || matrix == null || tasks.isEmpty()) {
                throw new IllegalArgumentException("accuracy matrix: tasks and matrix must be set");
            }
            if (matrix.length != tasks.size()) {
                throw new IllegalArgumentException("accuracy matrix has " + matrix.length + " rows for "
                        + tasks.size() + " tasks");
            }
            for (int i = 0; i < matrix.length; i++) {
                if (matrix[i] == null || matrix[i].length != tasks.size()) {
                    throw new IllegalArgumentException("accuracy matrix row " + i + " has "
                            + (matrix[i] == null ? 0 : matrix[i].length) + " columns for " + tasks.size()
                            + " tasks");
                }
            }
            return new AccuracyMatrixReport(this);
        }
    }
}
