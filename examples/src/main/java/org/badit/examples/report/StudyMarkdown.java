package org.badit.examples.report;

import java.math.BigDecimal;
import java.util.Locale;

/** Renders a {@link StudyReport} as the Markdown section "Seeded study" of {@code report.md}. */
final class StudyMarkdown {

    private StudyMarkdown() {}

    static String render(StudyReport s, int decimals) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Seeded study\n\n");
        sb.append(String.format(Locale.ROOT, "Each row ran with %d seed(s) %s; cells are the mean ± half the %.0f %% "
                + "t-interval over seeds (ROUGE-L ×100 on the test split). Mixed: overall ROUGE-L; sequential: "
                + "Cl, the final mean over tasks; Fgt/Bwt/Fwt use the %s definitions.%n%n", s.seeds().size(),
                s.seeds(), 100 * s.confidence(), s.continualMetrics()));
        sb.append("| row | method | paradigm | lr | alpha | ROUGE-L | Fgt | Bwt | Fwt | colla |\n");
        sb.append("|:---|:---|:---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (StudyReport.Row r : s.rows()) {
            StudyReport.Continual c = r.continual();
            sb.append("| ").append(r.label()).append(" | ").append(r.method())
                    .append(r.overrides().isEmpty() ? "" : " " + r.overrides()).append(" | ").append(r.paradigm())
                    .append(" | ").append(number(r.learningRate())).append(r.lrTuned() ? "*" : "")
                    .append(" | ").append(number(r.alpha())).append(r.alphaTuned() ? "*" : "")
                    .append(" | ").append(estimate(r.rougeL(), decimals))
                    .append(" | ").append(c == null ? "" : estimate(c.fgt(), decimals))
                    .append(" | ").append(c == null ? "" : estimate(c.bwt(), decimals))
                    .append(" | ").append(c == null ? "" : c.fwt() == null ? "n/a" : estimate(c.fwt(), decimals))
                    .append(" | ").append(r.colla() == null ? "n/a" : estimate(r.colla(), decimals)).append(" |\n");
        }
        sb.append('\n');
        if (s.selection() != null) {
            sb.append("\\* chosen on the validation split: ").append(s.selection().rule()).append("\n\n");
        }
        if (s.rows().stream().anyMatch(r -> r.continual() != null && r.continual().fwt() != null)) {
            sb.append("Fwt is measured against each row's own single-task runs (the same seed and "
                    + "hyperparameters).\n\n");
        }
        if (s.rows().stream().anyMatch(r -> r.colla() == null)) {
            sb.append("colla and Fwt are n/a without single-task baselines (`--colla`).\n\n");
        }
        if (!s.comparisons().isEmpty()) {
            sb.append("### Paired tests (").append(s.reference()).append(" − baseline)\n\n");
            sb.append("| paradigm | baseline | test | difference | interval | p (uncorrected) | pairs |\n");
            sb.append("|:---|:---|:---|---:|---:|---:|---:|\n");
            for (StudyReport.Comparison c : s.comparisons()) {
                sb.append("| ").append(c.paradigm()).append(" | ").append(c.baseline()).append(" | ").append(c.test())
                        .append(" | ").append(fixed(c.difference(), decimals)).append(" | ")
                        .append(c.low() == null ? "–" : "[" + fixed(c.low(), decimals) + ", "
                                + fixed(c.high(), decimals) + "]")
                        .append(" | ").append(c.pValue() == null ? "–" : String.format(Locale.ROOT, "%.4g",
                                c.pValue()))
                        .append(" | ").append(c.pairs()).append(" |\n");
            }
            sb.append('\n');
        }
        if (!s.verdicts().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "Verdicts (Holm-corrected over all comparisons, α = %.2f):%n%n",
                    s.significance()));
            s.verdicts().forEach(v -> sb.append("- ").append(v).append('\n'));
            sb.append('\n');
        }
        s.caveats().forEach(c -> sb.append("> **Caveat:** ").append(c).append("\n\n"));
        if (!s.dogDiagnostics().isEmpty()) {
            dog(sb, s.dogDiagnostics());
        }
        return sb.toString();
    }

    /** The "DOG diagnostics" table: one line per row and paradigm that logged expert metrics. */
    private static void dog(StringBuilder sb, java.util.List<DogDiagnostics> rows) {
        sb.append("### DOG diagnostics\n\n");
        sb.append("Expert metrics from each row's metrics.jsonl, mean over seeds, at the first logged step, the "
                + "logged step nearest the middle of training and the last (first / middle / end). Angles are "
                + "sign-invariant gradient angles in degrees within an expert (intra) and between expert centroids "
                + "(inter); cos is the largest principal-angle cosine between two experts' subspaces (0: orthogonal). "
                + "Regroups: lines with regroup_moved per seed; moved, KL (mean KL(before ‖ after) per token) and "
                + "|Δlogit| (largest) are over all regroups of all seeds that logged them, measured on a fixed probe "
                + "batch at regroups on logging steps; – where not logged.\n\n");
        sb.append("| row | paradigm | seeds | intra ° | inter ° | max cos | regroups | moved/regroup | KL mean | "
                + "KL max | \\|Δlogit\\| mean | \\|Δlogit\\| max |\n");
        sb.append("|:---|:---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (DogDiagnostics d : rows) {
            sb.append("| ").append(d.label()).append(" | ").append(d.paradigm()).append(" | ").append(d.seeds())
                    .append(" | ").append(triple(d, DogDiagnostics.Snapshot::intraAngleDeg, "%.1f"))
                    .append(" | ").append(triple(d, DogDiagnostics.Snapshot::interAngleDeg, "%.1f"))
                    .append(" | ").append(triple(d, DogDiagnostics.Snapshot::maxExpertCosine, "%.3f"))
                    .append(" | ").append(String.format(Locale.ROOT, "%.1f", d.regroups()))
                    .append(" | ").append(opt(d.movedPerRegroup(), "%.2f"))
                    .append(" | ").append(opt(d.regroupKlMean(), "%.3g"))
                    .append(" | ").append(opt(d.regroupKlMax(), "%.3g"))
                    .append(" | ").append(opt(d.regroupMaxDlogitMean(), "%.3g"))
                    .append(" | ").append(opt(d.regroupMaxDlogitMax(), "%.3g")).append(" |\n");
        }
        sb.append('\n');
    }

    private static String triple(DogDiagnostics d, java.util.function.Function<DogDiagnostics.Snapshot, Double> f,
            String format) {
        return opt(f.apply(d.first()), format) + " / " + opt(f.apply(d.middle()), format) + " / "
                + opt(f.apply(d.end()), format);
    }

    private static String opt(Double v, String format) {
        return v == null || Double.isNaN(v) ? "–" : String.format(Locale.ROOT, format, v);
    }

    private static String estimate(StudyReport.Estimate e, int decimals) {
        if (e == null) {
            return "n/a";
        }
        double h = e.halfWidth();
        return fixed(e.mean(), decimals) + (Double.isNaN(h) ? "" : " ± " + fixed(h, decimals));
    }

    private static String fixed(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /** Three significant digits without trailing zeros: 0.001, 3e-4 reads as 0.0003, 16. */
    private static String number(double v) {
        return new BigDecimal(String.format(Locale.ROOT, "%.3g", v)).stripTrailingZeros().toPlainString();
    }
}
