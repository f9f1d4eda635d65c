package org.badit.examples.report;

import java.util.Locale;

/** Number formats shared by the tables (Locale.ROOT everywhere, so a report reads the same on any machine). */
final class Format {

    private Format() {}

    /** Formats seconds as {@code 12.3 s}, {@code 4m 05s} or {@code 1h 02m 03s}. */
    static String duration(double seconds) {
        if (Double.isNaN(seconds)) {
            return "–";
        }
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh %02dm %02ds", s / 3600, (s % 3600) / 60, s % 60);
    }

    /** Formats a parameter count as {@code 950}, {@code 12.3K}, {@code 4.19M} or {@code 1.24B}. */
    static String count(long n) {
        if (n < 1_000) {
            return Long.toString(n);
        }
        if (n < 1_000_000) {
            return String.format(Locale.ROOT, "%.1fK", n / 1e3);
        }
        if (n < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2fM", n / 1e6);
        }
        return String.format(Locale.ROOT, "%.2fB", n / 1e9);
    }

    /** Formats a percentage with enough digits to be non-zero for small adapters (0.0123, 0.52, 12.5). */
    static String percent(double pct) {
        if (pct == 0) {
            return "0";
        }
        if (pct < 0.1) {
            return String.format(Locale.ROOT, "%.4f", pct);
        }
        if (pct < 10) {
            return String.format(Locale.ROOT, "%.2f", pct);
        }
        return String.format(Locale.ROOT, "%.1f", pct);
    }
}
