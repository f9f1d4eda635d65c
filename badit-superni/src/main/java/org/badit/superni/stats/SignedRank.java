package org.badit.superni.stats;

import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.WilcoxonSignedRankTest;
import org.apache.commons.math3.stat.ranking.NaNStrategy;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * The two-sided p-value of the Wilcoxon signed-rank test, with scipy's semantics ({@code zero_method='wilcox'}).
 *
 * <p>Why not Commons Math's {@link WilcoxonSignedRankTest} throughout: in 3.6.1 it ranks zero differences and adds
 * their ranks to W−, its normal approximation has no tie correction and moves the statistic away from the mean
 * by 0.5 (anti-conservative), and its exact p-value enumerates all 2^n sign patterns (0.9 s at n = 24, about a
 * minute at its limit n = 30). Per-instance ROUGE-L scores are full of zero differences and ties, so:
 * <ul>
 *   <li>zero differences are dropped first (scipy's default, Wilcoxon's original treatment);</li>
 *   <li>with at most {@link #EXACT_MAX_PAIRS} remaining pairs and no tied |differences|, the exact p-value is
 *       Commons Math's (it is exact only without ties); as {@code scipy.stats.wilcoxon(x, y, method='exact')};</li>
 *   <li>otherwise the normal approximation with the tie-corrected variance and no continuity correction, built from
 *       Commons Math's {@link NaturalRanking} and {@link NormalDistribution}; as {@code scipy.stats.wilcoxon(x, y,
 *       correction=False, method='asymptotic')}.</li>
 * </ul>
 */
final class SignedRank {

    /** The largest number of non-zero pairs tested exactly: 2^20 sign patterns take about 60 ms. */
    static final int EXACT_MAX_PAIRS = 20;

    private SignedRank() {}

    /**
     * A p-value and how it was computed.
     *
     * @param pValue the two-sided p-value, at most 1
     * @param exact whether it is the exact p-value (else the normal approximation)
     * @param nonZero how many pairs had a non-zero difference
     */
    record Outcome(double pValue, boolean exact, int nonZero) {}

    /**
     * Tests x against y, pair by pair.
     *
     * @param x finite scores, one per pair
     * @param y finite scores, same length
     * @return the outcome; p = 1 when every difference is zero
     */
    static Outcome test(double[] x, double[] y) {
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                n++;
            }
        }
        if (n == 0) {
            return new Outcome(1, true, 0);
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        double[] d = new double[n];
        double[] abs = new double[n];
        for (int i = 0, k = 0; i < x.length; i++) {
            if (x[i] != y[i]) {
                xs[k] = x[i];
                ys[k] = y[i];
                d[k] = x[i] - y[i];
                abs[k] = Math.abs(d[k]);
                k++;
            }
        }
        double tieSum = tieSum(abs);
        if (n <= EXACT_MAX_PAIRS && tieSum == 0) {
            double p = new WilcoxonSignedRankTest().wilcoxonSignedRankTest(xs, ys, true);
            return new Outcome(Math.min(1, p), true, n);
        }
        double[] ranks = new NaturalRanking(NaNStrategy.FAILED, TiesStrategy.AVERAGE).rank(abs);
        double rPlus = 0;
        for (int i = 0; i < n; i++) {
            if (d[i] > 0) {
                rPlus += ranks[i];
            }
        }
        double total = n * (n + 1.0) / 2;
        double t = Math.min(rPlus, total - rPlus);
        double variance = n * (n + 1.0) * (2.0 * n + 1) / 24 - tieSum / 48;
        double z = (t - total / 2) / Math.sqrt(variance);
        double p = 2 * new NormalDistribution(null, 0, 1).cumulativeProbability(z);
        return new Outcome(Math.min(1, p), false, n);
    }

    /** Σ (c³ − c) over groups of c equal values: the tie term of the variance, 0 without ties. */
    private static double tieSum(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        double sum = 0;
        for (int i = 0; i < sorted.length;) {
            int j = i + 1;
            while (j < sorted.length && sorted[j] == sorted[i]) {
                j++;
            }
            double c = j - i;
            sum += c * c * c - c;
            i = j;
        }
        return sum;
    }
}
