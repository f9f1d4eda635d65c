package org.badit.superni.stats;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * A mean with its two-sided Student-t confidence interval, e.g. a score over training seeds.
 *
 * @param mean the sample mean
 * @param low the lower end of the interval (NaN when n == 1)
 * @param high the upper end of the interval (NaN when n == 1)
 * @param n the number of values
 */
public record Interval(double mean, double low, double high, int n) {

    /**
     * Accuracy of the t quantile: Commons Math's default (1e-9) would show in intervals compared to 1e-9.
     */
    static final double QUANTILE_ACCURACY = 1e-14;

    /**
     * The mean and the two-sided Student-t interval mean ± t_{(1+c)/2, n−1} · s/√n, with s the sample standard
     * deviation (n − 1 in the denominator), as {@code scipy.stats.t.interval(c, n-1, mean, sem)}.
     *
     * @param values the values, e.g. one score per seed
     * @param confidence the confidence level, in (0, 1), e.g. 0.95
     * @return the interval; with a single value the mean is that value and the ends are NaN
     * @throws IllegalArgumentException when values is null or empty, holds NaN or an infinity, or the confidence
     *     is not in (0, 1)
     */
    public static Interval of(double[] values, double confidence) {
        checkConfidence(confidence);
        if (values == null || values.length == 0) {
            throw new IllegalArgumentException("an interval needs at least one value, got none");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException("value " + i + " is " + values[i] + "; every value must be finite");
            }
        }
        int n = values.length;
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        double mean = sum / n;
        if (n == 1) {
            return new Interval(mean, Double.NaN, Double.NaN, 1);
        }
        double sem = new StandardDeviation(true).evaluate(values, mean) / Math.sqrt(n);
        double t = new TDistribution(null, n - 1, QUANTILE_ACCURACY).inverseCumulativeProbability((1 + confidence) / 2);
        return new Interval(mean, mean - t * sem, mean + t * sem, n);
    }

    /**
     * Whether the interval has ends, i.e. there were at least two values.
     *
     * @return true when low and high are numbers
     */
    public boolean defined() {
        return !Double.isNaN(low) && !Double.isNaN(high);
    }

    /**
     * Half the width of the interval.
     *
     * @return (high − low) / 2, NaN when not {@link #defined()}
     */
    public double halfWidth() {
        return (high - low) / 2;
    }

    static void checkConfidence(double confidence) {
        if (!(confidence > 0 && confidence < 1)) {
            throw new IllegalArgumentException("confidence must be in (0, 1), e.g. 0.95; got " + confidence);
        }
    }
}
