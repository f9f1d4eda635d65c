package org.badit.examples.report;

/**
 * The size of a report's plots in pixels.
 *
 * @param width at least 100
 * @param height at least 100
 */
public record PlotSize(int width, int height) {

    /** Checks the size. */
    public PlotSize {
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("plot size too small: " + width + "x" + height);
        }
    }
}
