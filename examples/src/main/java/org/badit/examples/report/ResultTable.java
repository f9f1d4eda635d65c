package org.badit.examples.report;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The comparison table (the paper's Table 1 shape) as cells, rendered either as Markdown or as aligned plain text.
 *
 * <p>Rows are methods; columns are each task's ROUGE-L, overall ROUGE-L, exact match, the continual-learning
 * metrics and colla when any method has them, training time and trainable parameters. The best value of each
 * column is marked (bold in Markdown, a trailing {@code *} in text). "Best" is decided on the values as displayed,
 * so two methods that print the same number are both marked, and a column where every method prints the same
 * value is not marked at all (it tells the reader nothing). Lower is better for forgetting, time and parameters.
 */
final class ResultTable {

    /** Direction in which a column improves. */
    private enum Better { HIGHER, LOWER }

    /** One column: its cells as displayed and the values compared to find the best ({@code null}: no value). */
    private record Column(String header, Better better, List<String> cells, List<Double> keys) {}

    private final List<String> methods;
    private final List<Column> columns = new ArrayList<>();

    ResultTable(List<MethodResult> results, int decimals) {
        methods = results.stream().map(MethodResult::method).toList();
        Set<String> tasks = new LinkedHashSet<>();
        results.forEach(r -> tasks.addAll(r.perTaskRougeL().keySet()));
        for (String task : tasks) {
            addScore(results, task, Better.HIGHER, decimals, r -> r.perTaskRougeL().get(task));
        }
        addScore(results, "ROUGE-L", Better.HIGHER, decimals, MethodResult::rougeL);
        addScore(results, "EM", Better.HIGHER, decimals, MethodResult::exactMatch);
        if (results.stream().anyMatch(MethodResult::hasContinualMetrics)) {
            addScore(results, "Cl", Better.HIGHER, decimals, MethodResult::cl);
            addScore(results, "Fgt", Better.LOWER, decimals, MethodResult::fgt);
            addScore(results, "Bwt", Better.HIGHER, decimals, MethodResult::bwt);
            addScore(results, "Fwt", Better.HIGHER, decimals, MethodResult::fwt);
        }
        if (results.stream().anyMatch(r -> r.colla() != null)) {
            addScore(results, "colla", Better.HIGHER, decimals, MethodResult::colla);
        }
        List<String> timeCells = new ArrayList<>();
        List<Double> timeKeys = new ArrayList<>();
        List<String> paramCells = new ArrayList<>();
        List<Double> paramKeys = new ArrayList<>();
        for (MethodResult r : results) {
            timeCells.add(Format.duration(r.trainSeconds()));
            double t = r.trainSeconds();
            // Compared at the precision shown: tenths of a second below a minute, whole seconds above.
            timeKeys.add(Double.isNaN(t) ? null : t < 60 ? Math.round(t * 10) / 10.0 : (double) Math.round(t));
            double pct = r.trainablePercent();
            paramCells.add(Format.count(r.trainableParameters())
                    + (Double.isNaN(pct) ? "" : String.format(Locale.ROOT, " (%s%%)", Format.percent(pct))));
            paramKeys.add((double) r.trainableParameters());
        }
        columns.add(new Column("Train time", Better.LOWER, timeCells, timeKeys));
        columns.add(new Column("Trainable params", Better.LOWER, paramCells, paramKeys));
    }

    private void addScore(List<MethodResult> results, String header, Better better, int decimals,
            Function<MethodResult, Double> value) {
        List<String> cells = new ArrayList<>();
        List<Double> keys = new ArrayList<>();
        for (MethodResult r : results) {
            Double v = value.apply(r);
            if (v == null || v.isNaN()) {
                cells.add("–");
                keys.add(null);
            } else {
                String text = String.format(Locale.ROOT, "%." + decimals + "f", v);
                cells.add(text);
                keys.add(Double.parseDouble(text));
            }
        }
        columns.add(new Column(header, better, cells, keys));
    }

    /** Returns for each row whether its cell in column {@code c} is the (shared) best. */
    private boolean[] best(Column c) {
        boolean[] best = new boolean[methods.size()];
        Double top = null;
        Set<Double> distinct = new LinkedHashSet<>();
        for (Double k : c.keys()) {
            if (k == null) {
                continue;
            }
            distinct.add(k);
            if (top == null || (c.better() == Better.HIGHER ? k > top : k < top)) {
                top = k;
            }
        }
        if (distinct.size() < 2) {
            return best;
        }
        for (int i = 0; i < best.length; i++) {
            best[i] = top.equals(c.keys().get(i));
        }
        return best;
    }

    /**
     * Returns the header of each column, "Method" first.
     *
     * @return the headers
     */
    List<String> headers() {
        List<String> h = new ArrayList<>();
        h.add("Method");
        columns.forEach(c -> h.add(c.header()));
        return h;
    }

    /**
     * Returns the method that is best in each column that has a best, by header (first one on ties).
     *
     * @return header → method
     */
    Map<String, String> bestByColumn() {
        Map<String, String> out = new LinkedHashMap<>();
        for (Column c : columns) {
            boolean[] b = best(c);
            for (int i = 0; i < b.length; i++) {
                if (b[i]) {
                    out.put(c.header(), methods.get(i));
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Renders a GitHub-flavoured Markdown table; best cells in bold.
     *
     * @return the table, one line per row, ending with a newline
     */
    String toMarkdown() {
        StringBuilder sb = new StringBuilder();
        sb.append('|');
        headers().forEach(h -> sb.append(' ').append(escape(h)).append(" |"));
        sb.append("\n|:---|");
        columns.forEach(c -> sb.append("---:|"));
        sb.append('\n');
        List<boolean[]> bests = columns.stream().map(this::best).toList();
        for (int row = 0; row < methods.size(); row++) {
            sb.append("| ").append(escape(methods.get(row))).append(" |");
            for (int col = 0; col < columns.size(); col++) {
                String cell = columns.get(col).cells().get(row);
                sb.append(' ').append(bests.get(col)[row] ? "**" + cell + "**" : cell).append(" |");
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /**
     * Renders the table as aligned monospace text for a console: text left-aligned, numbers right-aligned, a
     * trailing {@code *} on the best cell of each column and a footnote saying so.
     *
     * @return the table, ending with a newline
     */
    String toText() {
        List<String> headers = headers();
        int n = headers.size();
        List<boolean[]> bests = columns.stream().map(this::best).toList();
        List<List<String>> rows = new ArrayList<>();
        boolean anyBest = false;
        for (int row = 0; row < methods.size(); row++) {
            List<String> cells = new ArrayList<>();
            cells.add(methods.get(row));
            for (int col = 0; col < columns.size(); col++) {
                boolean b = bests.get(col)[row];
                anyBest |= b;
                // The space keeps the digits of marked and unmarked cells in the same place.
                cells.add(columns.get(col).cells().get(row) + (b ? "*" : " "));
            }
            rows.add(cells);
        }
        int[] width = new int[n];
        for (int i = 0; i < n; i++) {
            width[i] = headers.get(i).length() + (i == 0 ? 0 : 1);
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        StringBuilder sb = new StringBuilder();
        List<String> paddedHeaders = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            paddedHeaders.add(i == 0 ? headers.get(i) : headers.get(i) + " ");
        }
        appendRow(sb, paddedHeaders, width);
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
        }
        sb.append(rule).append('\n');
        rows.forEach(r -> appendRow(sb, r, width));
        if (anyBest) {
            sb.append("* best in column\n");
        }
        return sb.toString();
    }

    private static void appendRow(StringBuilder sb, List<String> cells, int[] width) {
        for (int i = 0; i < cells.size(); i++) {
            String c = cells.get(i);
            String pad = " ".repeat(width[i] - c.length());
            sb.append(i == 0 ? "" : " | ").append(i == 0 ? c + pad : pad + c);
        }
        sb.append('\n');
    }

    private static String escape(String s) {
        return s.replace("|", "\\|");
    }
}
