package org.badit.report;

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
        return sb.toString();
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
