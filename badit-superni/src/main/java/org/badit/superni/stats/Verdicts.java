package org.badit.superni.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Formats verdicts and applies Holm's correction for {@link PairedTests}. */
final class Verdicts {

    private Verdicts() {}

    static String line(PairedComparison c, double alpha, String unit, double p, boolean holm) {
        checkAlpha(alpha);
        if (c == null) {
            throw new IllegalArgumentException("comparison is null");
        }
        String outcome;
        if (p < alpha && c.difference() > 0) {
            outcome = c.method() + " better";
        } else if (p < alpha && c.difference() < 0) {
            outcome = c.method() + " worse";
        } else {
            outcome = "no significant difference";
        }
        String interval = Double.isNaN(c.low()) || Double.isNaN(c.high()) ? "[no interval]"
                : String.format(Locale.ROOT, "[%.2f, %.2f]", c.low(), c.high());
        String pText = holm ? formatP(p) + " Holm-adjusted, raw " + formatP(c.pValue()) : formatP(p);
        return String.format(Locale.ROOT, "%s vs %s: %+.2f%s %s, %s (%s, n = %d): %s", c.method(), c.baseline(),
                c.difference(), unit == null || unit.isEmpty() ? "" : " " + unit, interval, pText, c.test(),
                c.pairs(), outcome);
    }

    static List<String> holm(List<PairedComparison> cs, double alpha) {
        checkAlpha(alpha);
        if (cs == null) {
            throw new IllegalArgumentException("comparisons are null");
        }
        int m = cs.size();
        Integer[] order = new Integer[m];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> cs.get(i).pValue()));
        double[] adjusted = new double[m];
        double running = 0;
        for (int k = 0; k < m; k++) {
            // Monotone: a comparison is never more significant than one with a smaller raw p-value.
            running = Math.max(running, Math.min(1, (m - k) * cs.get(order[k]).pValue()));
            adjusted[order[k]] = running;
        }
        List<String> lines = new ArrayList<>(m);
        for (int i = 0; i < m; i++) {
            lines.add(line(cs.get(i), alpha, "", adjusted[i], true));
        }
        return lines;
    }

    private static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("alpha must be in (0, 1), e.g. 0.05; got " + alpha);
        }
    }

    private static String formatP(double p) {
        return p < 0.001 ? "p < 0.001" : String.format(Locale.ROOT, "p = %.3f", p);
    }
}
