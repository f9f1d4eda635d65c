package org.badit.superni.report;

import java.util.Locale;
import java.util.Map;
import org.badit.superni.metrics.EvaluationReport;
import org.badit.superni.metrics.MetricScores;
import org.badit.superni.metrics.TrackReport;

/**
 * Renders an {@link EvaluationReport} as Markdown or CSV tables: per track, the overall row, then one row per category
 * and one per task, with the instance count, exact match, ROUGE-L and ROUGE-1 (0–100, 4 decimals as reported).
 */
public final class ReportTables {

    private ReportTables() {}

    /**
     * Markdown: a heading per track and a table each for categories and tasks.
     *
     * @param report the report
     * @return the Markdown text
     */
    public static String markdown(EvaluationReport report) {
        StringBuilder md = new StringBuilder();
        for (TrackReport t : report.tracks().values()) {
            md.append("## SuperNI ").append(t.track().key()).append(" track\n\n");
            table(md, "group", Map.of("overall", t.overall()));
            if (!t.perCategory().isEmpty()) {
                md.append('\n');
                table(md, "category", t.perCategory());
            }
            if (!t.perTask().isEmpty()) {
                md.append('\n');
                table(md, "task", t.perTask());
            }
            md.append('\n');
        }
        return md.toString();
    }

    private static void table(StringBuilder md, String header, Map<String, MetricScores> rows) {
        md.append("| ").append(header).append(" | n | exact_match | rougeL | rouge1 |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        rows.forEach((name, s) -> md.append("| ").append(name.replace("|", "\\|")).append(" | ").append(s.count())
                .append(" | ").append(format(s.exactMatch())).append(" | ").append(format(s.rougeL()))
                .append(" | ").append(format(s.rouge1())).append(" |\n"));
    }

    /**
     * CSV with header {@code track,level,name,n,exact_match,rougeL,rouge1}; level is overall, category or task.
     *
     * @param report the report
     * @return the CSV text (RFC 4180 quoting where needed)
     */
    public static String csv(EvaluationReport report) {
        StringBuilder csv = new StringBuilder("track,level,name,n,exact_match,rougeL,rouge1\n");
        for (TrackReport t : report.tracks().values()) {
            row(csv, t, "overall", "overall", t.overall());
            t.perCategory().forEach((k, v) -> row(csv, t, "category", k, v));
            t.perTask().forEach((k, v) -> row(csv, t, "task", k, v));
        }
        return csv.toString();
    }

    private static void row(StringBuilder csv, TrackReport t, String level, String name, MetricScores s) {
        csv.append(t.track().key()).append(',').append(level).append(',').append(quote(name)).append(',')
                .append(s.count()).append(',').append(format(s.exactMatch())).append(',').append(format(s.rougeL()))
                .append(',').append(format(s.rouge1())).append('\n');
    }

    private static String quote(String s) {
        if (s.contains(",") || s.contains("\"") || s.contains("\n")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    private static String format(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
