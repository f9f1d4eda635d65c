package org.badit.superni.stats;

import java.util.List;

/**
 * Paired tests of a method against a baseline, and the one-line verdicts a report prints.
 *
 * <p>Two designs, for two kinds of data:
 * <ul>
 *   <li>{@link #wilcoxon}: per-instance scores, paired by instance (and seed), e.g. ROUGE-L of the same test
 *       instance under the same seed, pooled over seeds;</li>
 *   <li>{@link #bootstrapOverTasks}: per-task mean scores per seed, when the question is whether the method is
 *       better on tasks like these, not just on these instances.</li>
 * </ul>
 */
public final class PairedTests {

    private PairedTests() {}

    /**
     * Two-sided Wilcoxon signed-rank test over paired scores, with a paired t-interval for the mean difference.
     *
     * <p>The p-value follows {@code scipy.stats.wilcoxon} with its default {@code zero_method='wilcox'}: pairs with
     * a zero difference are dropped from the test (they still count in {@code pairs} and in the interval). With at
     * most 20 non-zero pairs and no tied |differences| it is Commons Math's exact p-value (test "Wilcoxon exact",
     * = scipy {@code method='exact'}); otherwise the normal approximation with tie-corrected variance and no
     * continuity correction (test "Wilcoxon normal", = scipy {@code correction=False, method='asymptotic'}). Why
     * not Commons Math's own normal approximation or its exact test up to 30 pairs: see the package-private class
     * {@code SignedRank}.
     *
     * <p>The interval is the paired Student-t interval over the differences (as scipy's
     * {@code ttest_rel(...).confidence_interval(confidence)}). Pairs pooled over seeds are not independent (the same
     * instance appears once per seed), so the interval and p-value are somewhat optimistic; prefer
     * {@link #bootstrapOverTasks} for claims about tasks.
     *
     * @param method the method's name, e.g. "BADIT"
     * @param baseline the baseline's name, e.g. "LoRA"
     * @param methodScores the method's score on each pair
     * @param baselineScores the baseline's score on the same pairs, same order
     * @param confidence the confidence level of the interval, in (0, 1)
     * @return difference = mean(method) − mean(baseline), its interval, the p-value; all-equal pairs give
     *     difference 0, interval [0, 0] and p = 1
     * @throws IllegalArgumentException when the arrays are null, differ in length, hold fewer than 2 pairs or a
     *     non-finite score, or the confidence is not in (0, 1)
     */
    public static PairedComparison wilcoxon(String method, String baseline, double[] methodScores,
            double[] baselineScores, double confidence) {
        String who = method + " vs " + baseline;
        Interval.checkConfidence(confidence);
        if (methodScores == null || baselineScores == null) {
            throw new IllegalArgumentException(who + ": scores are null");
        }
        if (methodScores.length != baselineScores.length) {
            throw new IllegalArgumentException(who + ": " + methodScores.length + " scores for " + method + " but "
                    + baselineScores.length + " for " + baseline + "; a paired test needs one score of each per pair");
        }
        if (methodScores.length < 2) {
            throw new IllegalArgumentException(who + ": a paired test needs at least 2 pairs, got "
                    + methodScores.length);
        }
        double[] differences = new double[methodScores.length];
        for (int i = 0; i < differences.length; i++) {
            if (!Double.isFinite(methodScores[i]) || !Double.isFinite(baselineScores[i])) {
                throw new IllegalArgumentException(who + ": pair " + i + " has a non-finite score ("
                        + methodScores[i] + ", " + baselineScores[i] + ")");
            }
            differences[i] = methodScores[i] - baselineScores[i];
        }
        Interval interval = Interval.of(differences, confidence);
        SignedRank.Outcome outcome = SignedRank.test(methodScores, baselineScores);
        return new PairedComparison(method, baseline, interval.mean(), interval.low(), interval.high(),
                outcome.pValue(), differences.length, outcome.exact() ? "Wilcoxon exact" : "Wilcoxon normal");
    }

    /**
     * Paired bootstrap over tasks: how sure can we be that the method beats the baseline on tasks like these?
     *
     * <p>Per task, the difference (method − baseline) is averaged over seeds; each resample draws as many task
     * indices as there are tasks, with replacement ({@link java.util.SplittableRandom} seeded with {@code seed}),
     * and its statistic is the mean over seeds and resampled tasks of (method − baseline). The interval is the
     * percentile interval of the statistics (linear interpolation, numpy's default). The two-sided p-value is
     * 2·min(P(stat ≤ 0), P(stat ≥ 0)) over the resamples, clipped to 1: its resolution is 1/resamples, so 0 means
     * "below 1/resamples". Seeds are paired (seed s of the method with seed s of the baseline) and averaged, not
     * resampled: the interval covers the choice of tasks, not seed noise.
     *
     * <p>The per-task differences are sorted before resampling, so the result does not depend on the order in
     * which the tasks are listed (the same seed gives the same answer for any task order).
     *
     * @param method the method's name
     * @param baseline the baseline's name
     * @param methodPerSeedTask the method's mean score, [seed][task]
     * @param baselinePerSeedTask the baseline's mean score, [seed][task], same shape
     * @param resamples how many bootstrap resamples, at least 1 (10 000 is typical)
     * @param seed the random seed
     * @param confidence the confidence level of the interval, in (0, 1)
     * @return difference = mean(method) − mean(baseline) over all seeds and tasks, the percentile interval, the
     *     p-value; {@code pairs} is the number of tasks
     * @throws IllegalArgumentException when there are fewer than 2 seeds or no tasks, the shapes differ, a score is
     *     not finite, resamples &lt; 1, or the confidence is not in (0, 1)
     */
    public static PairedComparison bootstrapOverTasks(String method, String baseline, double[][] methodPerSeedTask,
            double[][] baselinePerSeedTask, int resamples, long seed, double confidence) {
        return TaskBootstrap.compare(method, baseline, methodPerSeedTask, baselinePerSeedTask, resamples, seed,
                confidence);
    }

    /**
     * One line for a report, e.g. {@code "BADIT vs LoRA: +1.23 [0.40, 2.05], p = 0.004 (Wilcoxon normal, n = 600):
     * BADIT better"}. "better" / "worse" when p &lt; alpha, by the sign of the difference; otherwise "no significant
     * difference".
     *
     * @param c the comparison
     * @param alpha the significance level, in (0, 1), e.g. 0.05
     * @return the line
     * @throws IllegalArgumentException when alpha is not in (0, 1)
     */
    public static String verdict(PairedComparison c, double alpha) {
        return Verdicts.line(c, alpha, "", c.pValue(), false);
    }

    /**
     * As {@link #verdict(PairedComparison, double)}, naming the unit of the difference, e.g. "ROUGE-L":
     * {@code "BADIT vs LoRA: +1.23 ROUGE-L [0.40, 2.05], p = 0.004 (Wilcoxon normal, n = 600): BADIT better"}.
     *
     * @param c the comparison
     * @param alpha the significance level, in (0, 1)
     * @param unit the unit of the scores, e.g. "ROUGE-L"
     * @return the line
     * @throws IllegalArgumentException when alpha is not in (0, 1)
     */
    public static String verdict(PairedComparison c, double alpha, String unit) {
        return Verdicts.line(c, alpha, unit, c.pValue(), false);
    }

    /**
     * Verdicts for several comparisons (e.g. one method against several baselines) with Holm's step-down
     * correction, which keeps the chance of any false "better"/"worse" at most alpha. The comparisons are sorted
     * by p-value; the k-th smallest (k = 1..m) gets the adjusted p-value max over j ≤ k of min(1, (m − j + 1)·p_(j)),
     * and is significant when that is below alpha. Lines come back in the order of {@code cs} and show both the
     * adjusted and the raw p-value.
     *
     * @param cs the comparisons, one family
     * @param alpha the family-wise significance level, in (0, 1)
     * @return one line per comparison, same order
     * @throws IllegalArgumentException when alpha is not in (0, 1) or cs is null
     */
    public static List<String> verdicts(List<PairedComparison> cs, double alpha) {
        return Verdicts.holm(cs, alpha);
    }
}
