package org.badit.core.train;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar with loss, tokens/s and ETA, redrawn in place on a terminal (plain lines otherwise). */
public final class ConsoleProgress implements TrainingListener {

    private final PrintStream out;
    private final boolean inPlace;
    private final int every;
    private double smoothedLoss = Double.NaN;

    /**
     * Creates a progress bar.
     *
     * @param out where to draw (usually {@code System.err})
     * @param inPlace redraw one line with carriage returns (a terminal) rather than print a line per update
     * @param every print a plain line every this many steps when not in place
     */
    public ConsoleProgress(PrintStream out, boolean inPlace, int every) {
        this.out = out;
        this.inPlace = inPlace;
        this.every = Math.max(1, every);
    }

    /** {@inheritDoc} */
    @Override
    public void onStep(StepRecord r) {
        smoothedLoss = Double.isNaN(smoothedLoss) ? r.loss() : 0.9 * smoothedLoss + 0.1 * r.loss();
        boolean last = r.step() == r.totalSteps();
        if (!inPlace && r.step() % every != 0 && !last && r.step() != 1) {
            return;
        }
        int width = 24;
        int filled = (int) Math.round(width * (double) r.step() / r.totalSteps());
        double eta = r.step() == 0 ? 0 : r.elapsedSeconds() / r.step() * (r.totalSteps() - r.step());
        String line = String.format(Locale.ROOT, "[%s%s] %d/%d loss %.4f  %,.0f tok/s  ETA %s%s",
                "#".repeat(filled), ".".repeat(width - filled), r.step(), r.totalSteps(), smoothedLoss,
                r.tokensPerSecond(), clock(eta), r.task() == null ? "" : "  (" + r.task() + ")");
        if (inPlace) {
            out.print("\r" + line + (last ? "\n" : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
