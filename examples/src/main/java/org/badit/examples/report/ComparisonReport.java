package org.badit.examples.report;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.badit.lora.io.AtomicFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A comparison of methods trained on the same data and budget: the paper's Table 1 (ROUGE-L per task and overall,
 * exact match, training time, trainable parameters) with plots of training loss, ROUGE-L per task and the expert
 * gradient angles of the paper's Fig. 4.
 *
 * <pre>{@code
 * ComparisonReport report = ComparisonReport.builder()
 *         .setTitle("SuperNI 15 tasks, Qwen3-0.6B")
 *         .addResult(lora).addResult(badit)
 *         .build();
 * System.out.print(report.renderTable());
 * ReportFiles files = report.write(outDir);
 * }</pre>
 */
public final class ComparisonReport {

    private static final Logger logger = LoggerFactory.getLogger(ComparisonReport.class);

    /** File names inside the report directory. */
    public static final String MARKDOWN = "report.md";
    /** The JSON file name. */
    public static final String JSON = "report.json";
    /** The loss plot file name. */
    public static final String LOSS_PNG = "loss.png";
    /** The per-task ROUGE-L plot file name. */
    public static final String ROUGE_PNG = "rouge_per_task.png";
    /** The expert angle plot file name. */
    public static final String ANGLES_PNG = "expert_angles.png";
    /** The expert cosine plot file name. */
    public static final String COSINE_PNG = "expert_cosine.png";

    private final String title;
    private final List<MethodResult> results;
    private final String notes;
    private final Map<String, Object> machine;
    private final Map<String, Object> config;
    private final Map<String, AccuracyMatrixReport> accuracyMatrices;
    private final PlotSize plotSize;
    private final int decimals;
    private final StudyReport study;

    private ComparisonReport(Builder b) {
        study = b.study;
        title = b.title;
        results = List.copyOf(b.results);
        notes = b.notes;
        machine = Collections.unmodifiableMap(new LinkedHashMap<>(b.machine));
        config = Collections.unmodifiableMap(new LinkedHashMap<>(b.config));
        accuracyMatrices = Collections.unmodifiableMap(new LinkedHashMap<>(b.accuracyMatrices));
        plotSize = b.plotSize;
        decimals = b.decimals;
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
     * Reads a {@code report.json} written by {@link #write}, e.g. to merge runs or re-render the table.
     *
     * @param json the report JSON file
     * @return the report, with the title, notes, machine, configuration and results it was written with
     * @throws IOException if the file cannot be read or is not a comparison report
     */
    public static ComparisonReport read(Path json) throws IOException {
        ReportJson.Contents c = ReportJson.read(json);
        Builder b = builder().setTitle(c.title() == null ? "" : c.title()).optNotes(c.notes());
        if (c.machine() != null) {
            b.optMachine(c.machine());
        }
        if (c.config() != null) {
            b.optConfig(c.config());
        }
        c.results().forEach(b::addResult);
        if (c.accuracyMatrices() != null) {
            c.accuracyMatrices().forEach((method, m) -> b.addAccuracyMatrix(method, m.toReport()));
        }
        if (c.study() != null) {
            b.optStudy(c.study());
        }
        return b.build();
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
     * Returns the results, one per method, in table order.
     *
     * @return the results
     */
    public List<MethodResult> getResults() {
        return results;
    }

    /**
     * Returns the free-text notes, or {@code null}.
     *
     * @return the notes
     */
    public String getNotes() {
        return notes;
    }

    /**
     * Returns the description of the machine the runs came from.
     *
     * @return key → value, possibly empty
     */
    public Map<String, Object> getMachine() {
        return machine;
    }

    /**
     * Returns the effective configuration the runs used.
     *
     * @return key → value, possibly empty
     */
    public Map<String, Object> getConfig() {
        return config;
    }

    /**
     * Returns the accuracy matrices of sequential runs, by method.
     *
     * @return method → matrix, possibly empty
     */
    public Map<String, AccuracyMatrixReport> getAccuracyMatrices() {
        return accuracyMatrices;
    }

    /**
     * Returns the seeded study (intervals, tuning, paired tests), or {@code null} when the report has none.
     *
     * @return the study
     */
    public StudyReport getStudy() {
        return study;
    }

    /**
     * Renders the table as aligned monospace text for the console; the best value of each column is followed by
     * {@code *}.
     *
     * @return the table, ending with a newline
     */
    public String renderTable() {
        return new ResultTable(results, decimals).toText();
    }

    /**
     * Writes {@code report.md}, {@code report.json} and the plots into {@code dir} (created if needed), replacing
     * files of the same names. {@code loss.png} is skipped when no method has a loss in its metrics log,
     * {@code expert_angles.png} when none logged expert angles. With a study, also {@code rouge_per_task_<paradigm>.png}
     * (mean ± half the t-interval over seeds), {@code expert_angles_<row>.png} per row that logged angles and
     * {@code expert_cosine.png} when a row logged expert cosines.
     *
     * @param dir the output directory
     * @return the files written
     * @throws IOException if a metrics log cannot be read or a file cannot be written
     */
    public ReportFiles write(Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, List<StepMetrics>> logs = new LinkedHashMap<>();
        for (MethodResult r : results) {
            logs.put(r.method(), r.metricsLog() == null ? List.of() : MetricsFile.read(r.metricsLog()));
        }

        XYChart loss = LossChart.build(logs, plotSize.width(), plotSize.height());
        Path lossPng = loss == null ? null : Plots.savePng(loss, dir.resolve(LOSS_PNG));
        CategoryChart rouge = RougeChart.build(results, plotSize.width(), plotSize.height());
        Path rougePng = Plots.savePng(rouge, dir.resolve(ROUGE_PNG));
        XYChart angles = AngleChart.build(logs, plotSize.width(), plotSize.height());
        Path anglesPng = angles == null ? null : Plots.savePng(angles, dir.resolve(ANGLES_PNG));
        if (angles == null) {
            logger.debug("No method logged expert gradient angles; {} not written", ANGLES_PNG);
        }
        // A stale plot from an earlier run in the same directory would be linked to nothing but still mislead.
        if (lossPng == null) {
            Files.deleteIfExists(dir.resolve(LOSS_PNG));
        }
        if (anglesPng == null) {
            Files.deleteIfExists(dir.resolve(ANGLES_PNG));
        }
        // The expert cosine plot and one angle plot per row belong to a study, which compares several BADIT-like
        // rows (ablations, variants) whose curves overlap in the combined angle plot; a plain report keeps its files.
        XYChart cosine = study == null ? null : ExpertCosineChart.build(logs, plotSize.width(), plotSize.height());
        Path cosinePng = cosine == null ? null : Plots.savePng(cosine, dir.resolve(COSINE_PNG));
        if (cosinePng == null) {
            Files.deleteIfExists(dir.resolve(COSINE_PNG));
        }
        // Per-row and per-paradigm plots are named after rows: remove those of an earlier report in this directory,
        // whose rows may differ, so that no stale plot sits next to this report.
        try (java.util.stream.Stream<Path> old = Files.list(dir)) {
            for (Path f : old.toList()) {
                String n = f.getFileName().toString();
                if (n.endsWith(".png") && (n.startsWith("expert_angles_") || n.startsWith("rouge_per_task_"))) {
                    Files.deleteIfExists(f);
                }
            }
        }
        Map<String, Path> rowAngles = new LinkedHashMap<>();
        Map<String, Path> studyPlots = new LinkedHashMap<>();
        if (study != null) {
            int i = 0;
            for (Map.Entry<String, List<StepMetrics>> e : logs.entrySet()) {
                XYChart c = AngleChart.buildOne(e.getKey(), i++, e.getValue(), plotSize.width(), plotSize.height());
                if (c != null) {
                    rowAngles.put(e.getKey(), Plots.savePng(c, dir.resolve(rowAnglesPng(e.getKey()))));
                }
            }
            for (String paradigm : study.paradigms()) {
                CategoryChart c = StudyRougeChart.build(study, paradigm, plotSize.width(), plotSize.height());
                Path png = dir.resolve(studyRougePng(paradigm));
                if (c == null) {
                    Files.deleteIfExists(png);
                } else {
                    studyPlots.put(paradigm, Plots.savePng(c, png));
                }
            }
        }

        Map<String, Path> heatmaps = new LinkedHashMap<>();
        for (Map.Entry<String, AccuracyMatrixReport> e : accuracyMatrices.entrySet()) {
            heatmaps.put(e.getKey(), e.getValue().writeHeatmap(dir.resolve(accuracyPng(e.getKey()))));
        }

        ResultTable table = new ResultTable(results, decimals);
        String generated = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Path md = dir.resolve(MARKDOWN);
        AtomicFiles.writeString(md, markdown(table, generated, lossPng != null, anglesPng != null,
                cosinePng != null, studyPlots.keySet(), rowAngles.keySet()));

        Map<String, String> files = new LinkedHashMap<>();
        files.put("markdown", MARKDOWN);
        if (lossPng != null) {
            files.put("loss", LOSS_PNG);
        }
        files.put("rouge_per_task", ROUGE_PNG);
        if (anglesPng != null) {
            files.put("expert_angles", ANGLES_PNG);
        }
        if (cosinePng != null) {
            files.put("expert_cosine", COSINE_PNG);
        }
        studyPlots.keySet().forEach(p -> files.put("rouge_per_task:" + p, studyRougePng(p)));
        rowAngles.keySet().forEach(m -> files.put("expert_angles:" + m, rowAnglesPng(m)));
        Map<String, ReportJson.Matrix> matrices = new LinkedHashMap<>();
        accuracyMatrices.forEach((method, m) -> {
            matrices.put(method, ReportJson.Matrix.of(m));
            files.put("accuracy_matrix:" + method, accuracyPng(method));
        });
        Path json = dir.resolve(JSON);
        ReportJson.write(json, new ReportJson.Contents(title, generated, notes, machine, config, results,
                table.bestByColumn(), matrices, files, study));
        logger.info("Report written to {}", md);
        return new ReportFiles(md, json, lossPng, rougePng, anglesPng, List.copyOf(heatmaps.values()), cosinePng,
                List.copyOf(studyPlots.values()), List.copyOf(rowAngles.values()));
    }

    /** The angle plot of one row of a study. */
    static String rowAnglesPng(String method) {
        return "expert_angles_" + method.replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
    }

    /** The study's per-task ROUGE-L plot of one paradigm. */
    static String studyRougePng(String paradigm) {
        return "rouge_per_task_" + paradigm.replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
    }

    /** The heat map's file name: the method name reduced to characters safe in any file system and URL. */
    static String accuracyPng(String method) {
        return "accuracy_matrix_" + method.replaceAll("[^A-Za-z0-9._-]", "_") + ".png";
    }

    private String markdown(ResultTable table, String generated, boolean loss, boolean angles, boolean cosine,
            java.util.Set<String> studyParadigms, java.util.Set<String> rowAngles) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(title).append("\n\n");
        sb.append("_Generated ").append(generated).append("._\n\n");
        sb.append("How to read this: one row per method, trained on the same data with the same budget. "
                + "ROUGE-L and exact match (EM) are ×100 as the official SuperNI evaluation reports them, "
                + "higher is better; the best value of each column is in **bold** (lowest for forgetting, "
                + "training time and trainable parameters). Trainable parameters are followed by their share "
                + "of the adapted model.\n\n");
        sb.append(table.toMarkdown()).append('\n');
        if (notes != null && !notes.isBlank()) {
            sb.append(notes.strip()).append("\n\n");
        }
        if (study != null) {
            sb.append(StudyMarkdown.render(study, decimals));
        }
        sb.append("## Plots\n\n");
        if (loss) {
            sb.append("Training loss per method (faint: per step; bold: moving average).\n\n");
            sb.append("![Training loss](").append(LOSS_PNG).append(")\n\n");
        }
        sb.append("ROUGE-L per task and overall").append(study == null ? "" : " (each bar: the mean over seeds)")
                .append(".\n\n");
        sb.append("![ROUGE-L per task](").append(ROUGE_PNG).append(")\n\n");
        for (String p : studyParadigms) {
            sb.append("ROUGE-L per task, ").append(p).append(": mean over seeds with error bars of half the ")
                    .append(Math.round(100 * study.confidence())).append(" % t-interval (none with one seed).\n\n");
            sb.append("![ROUGE-L per task, ").append(p).append("](").append(studyRougePng(p)).append(")\n\n");
        }
        if (angles) {
            sb.append("Gradient angles between expert components over training (solid: between experts, "
                    + "dashed: within an expert). Orthogonal experts keep the inter-expert angle near 90°")
                    .append(study == null ? "" : "; each row's first seed's run").append(".\n\n");
            sb.append("![Expert gradient angles](").append(ANGLES_PNG).append(")\n\n");
        }
        if (!rowAngles.isEmpty()) {
            sb.append("The same angles row by row (first seed's run): intra-expert (dashed) against inter-expert "
                    + "(solid).\n\n");
            rowAngles.forEach(m -> sb.append("![Expert gradient angles, ").append(m).append("](")
                    .append(rowAnglesPng(m)).append(")\n\n"));
        }
        if (cosine) {
            sb.append("Largest cosine between two experts' subspaces over training (0: orthogonal experts)")
                    .append(study == null ? "" : ", first seed's run").append(".\n\n");
            sb.append("![Max expert cosine](").append(COSINE_PNG).append(")\n\n");
        }
        if (!accuracyMatrices.isEmpty()) {
            sb.append("## Continual learning\n\n");
            accuracyMatrices.forEach((method, m) -> sb.append(m.renderMarkdown(3, method + ": " + m.getTitle())).append("\n![")
                    .append(m.getTitle()).append("](").append(accuracyPng(method)).append(")\n\n"));
        }
        appendMap(sb, "Machine", machine);
        appendMap(sb, "Configuration", config);
        return sb.toString();
    }

    private static void appendMap(StringBuilder sb, String heading, Map<String, Object> map) {
        if (map.isEmpty()) {
            return;
        }
        sb.append("## ").append(heading).append("\n\n");
        map.forEach((k, v) -> sb.append("- `").append(k).append("`: ").append(v).append('\n'));
        sb.append('\n');
    }

    /** Builds a {@link ComparisonReport}. */
    public static final class Builder {
        private String title = "Method comparison";
        private final List<MethodResult> results = new ArrayList<>();
        private String notes;
        private final Map<String, Object> machine = new LinkedHashMap<>();
        private final Map<String, Object> config = new LinkedHashMap<>();
        private final Map<String, AccuracyMatrixReport> accuracyMatrices = new LinkedHashMap<>();
        private PlotSize plotSize = new PlotSize(900, 520);
        private int decimals = 2;
        private StudyReport study;

        Builder() {}

        /**
         * Sets the seeded study shown under "Seeded study" and stored as {@code "study"} in the JSON.
         *
         * @param study the study, or {@code null}
         * @return this builder
         */
        public Builder optStudy(StudyReport study) {
            this.study = study;
            return this;
        }

        /**
         * Sets the report's title (the Markdown heading).
         *
         * @param title the title
         * @return this builder
         */
        public Builder setTitle(String title) {
            this.title = title;
            return this;
        }

        /**
         * Adds one method's result as the next row.
         *
         * @param result the result
         * @return this builder
         * @throws IllegalArgumentException if a result for the same method name was already added
         */
        public Builder addResult(MethodResult result) {
            for (MethodResult r : results) {
                if (r.method().equals(result.method())) {
                    throw new IllegalArgumentException("duplicate method in report: " + result.method());
                }
            }
            results.add(result);
            return this;
        }

        /**
         * Adds the accuracy matrix of a sequential run; it is shown under "Continual learning" with its heat map
         * ({@code accuracy_matrix_<method>.png}).
         *
         * @param method the method the matrix belongs to
         * @param matrix the matrix
         * @return this builder
         * @throws IllegalArgumentException if a matrix for the same method was already added
         */
        public Builder addAccuracyMatrix(String method, AccuracyMatrixReport matrix) {
            if (accuracyMatrices.putIfAbsent(method, matrix) != null) {
                throw new IllegalArgumentException("duplicate accuracy matrix for method: " + method);
            }
            return this;
        }

        /**
         * Sets free-text notes (Markdown) shown below the table.
         *
         * @param notes the notes, or {@code null}
         * @return this builder
         */
        public Builder optNotes(String notes) {
            this.notes = notes;
            return this;
        }

        /**
         * Sets the description of the machine the runs came from (CPU, GPU, engine versions...).
         *
         * @param machine key → value
         * @return this builder
         */
        public Builder optMachine(Map<String, Object> machine) {
            this.machine.clear();
            this.machine.putAll(machine);
            return this;
        }

        /**
         * Sets the effective configuration the runs used.
         *
         * @param config key → value
         * @return this builder
         */
        public Builder optConfig(Map<String, Object> config) {
            this.config.clear();
            this.config.putAll(config);
            return this;
        }

        /**
         * Sets the size of every plot in pixels (default 900 × 520).
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
         * Sets the decimals of scores in the tables (default 2, as the paper's Table 1; the JSON keeps all).
         *
         * @param decimals 0 to 4
         * @return this builder
         */
        public Builder optDecimals(int decimals) {
            if (decimals < 0 || decimals > 4) {
                throw new IllegalArgumentException("decimals must be in [0, 4]: " + decimals);
            }
            this.decimals = decimals;
            return this;
        }

        /**
         * Builds the report.
         *
         * @return the report
         * @throws IllegalStateException if no result was added
         */
        public ComparisonReport build() {
            if (results.isEmpty()) {
                throw new IllegalStateException("a comparison report needs at least one result");
            }
            return new ComparisonReport(this);
        }
    }
}
