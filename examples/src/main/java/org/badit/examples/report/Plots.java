package org.badit.examples.report;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;

/** What every report plot shares: headless rendering, one palette, PNG output and EMA smoothing. */
final class Plots {

    /** Colour-blind-safe palette (Okabe–Ito), so a method keeps its colour in every plot of a report. */
    static final Color[] PALETTE = {
        new Color(0, 114, 178), new Color(213, 94, 0), new Color(0, 158, 115), new Color(204, 121, 167),
        new Color(230, 159, 0), new Color(86, 180, 233), new Color(120, 120, 120), new Color(240, 228, 66),
    };

    private Plots() {}

    /**
     * Makes AWT headless unless the user chose otherwise: reports are written on servers without a display. Must
     * run before the first chart is built, since AWT reads the property once, when it initializes.
     */
    static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    /** Returns the colour of the i-th method. */
    static Color color(int i) {
        return PALETTE[i % PALETTE.length];
    }

    /** Returns the colour with the given alpha (0–255), for faint raw lines under a smoothed one. */
    static Color faint(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    /** Applies the common style: white background, legend outside on the right, the report palette. */
    static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideE);
        styler.setSeriesColors(PALETTE);
    }

    /**
     * Saves the chart as a PNG file at exactly {@code file}.
     *
     * @throws IOException if it cannot be written
     */
    static Path savePng(Chart<?, ?> chart, Path file) throws IOException {
        String name = file.toString();
        if (!name.toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("plot file must end with .png: " + file); // XChart would append it
        }
        BitmapEncoder.saveBitmap(chart, name, BitmapEncoder.BitmapFormat.PNG);
        return file;
    }

    /**
     * Debiased exponential moving average (as TensorBoard's smoothing): the first points are not dragged towards
     * zero. The weight grows with the number of points so that short and long runs both read well.
     */
    static double[] ema(double[] y) {
        int n = y.length;
        double w = n < 20 ? 0.0 : Math.min(0.95, 1.0 - 10.0 / n);
        double[] out = new double[n];
        double acc = 0;
        double norm = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(y[i])) {
                out[i] = y[i]; // a diverged step stays visible instead of poisoning the rest of the curve
                continue;
            }
            acc = w * acc + (1 - w) * y[i];
            norm = w * norm + (1 - w);
            out[i] = acc / norm;
        }
        return out;
    }
}
