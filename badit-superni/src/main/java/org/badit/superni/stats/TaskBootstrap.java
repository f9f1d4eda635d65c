package org.badit.superni.stats;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.apache.commons.math3.stat.descriptive.rank.Percentile;
import org.apache.commons.math3.stat.descriptive.rank.Percentile.EstimationType;

/** The paired bootstrap over tasks behind {@link PairedTests#bootstrapOverTasks}; see there for the definition. */
final class TaskBootstrap {

    private TaskBootstrap() {}

    static PairedComparison compare(String method, String baseline, double[][] m, double[][] b, int resamples,
            long seed, double confidence) {
        String who = method + " vs " + baseline;
        Interval.checkConfidence(confidence);
        if (resamples < 1) {
            throw new IllegalArgumentException(who + ": resamples must be at least 1, got " + resamples);
        }
        double[] perTask = perTaskDifferences(who, method, baseline, m, b);
        int tasks = perTask.length;
        // Sorted so that listing the tasks in another order cannot change which values the seed draws (nor the
        // rounding of the sum).
        Arrays.sort(perTask);
        double sum = 0;
        for (double d : perTask) {
            sum += d;
        }
        double difference = sum / tasks;
        SplittableRandom random = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        int atMostZero = 0;
        int atLeastZero = 0;
        for (int r = 0; r < resamples; r++) {
            double s = 0;
            for (int k = 0; k < tasks; k++) {
                s += perTask[random.nextInt(tasks)];
            }
            s /= tasks;
            stats[r] = s;
            atMostZero += s <= 0 ? 1 : 0;
            atLeastZero += s >= 0 ? 1 : 0;
        }
        double p = Math.min(1, 2.0 * Math.min(atMostZero, atLeastZero) / resamples);
        Percentile percentile = new Percentile().withEstimationType(EstimationType.R_7);
        percentile.setData(stats);
        double low = percentile.evaluate(100 * (1 - confidence) / 2);
        double high = percentile.evaluate(100 * (1 + confidence) / 2);
        return new PairedComparison(method, baseline, difference, low, high, p, tasks, "bootstrap over tasks");
    }

    /** Per task, mean over seeds of (method − baseline), after checking shapes and values. */
    private static double[] perTaskDifferences(String who, String method, String baseline, double[][] m,
            double[][] b) {
        if (m == null || b == null) {
            throw new IllegalArgumentException(who + ": scores are null");
        }
        if (m.length != b.length) {
            throw new IllegalArgumentException(who + ": " + m.length + " seeds for " + method + " but " + b.length
                    + " for " + baseline + "; seeds are paired");
        }
        if (m.length < 2) {
            throw new IllegalArgumentException("a paired test needs at least 2 seeds, got " + m.length + " (" + who
                    + ")");
        }
        if (m[0] == null || m[0].length == 0) {
            throw new IllegalArgumentException(who + ": no tasks");
        }
        int tasks = m[0].length;
        double[] perTask = new double[tasks];
        for (int s = 0; s < m.length; s++) {
            if (m[s] == null || b[s] == null || m[s].length != tasks || b[s].length != tasks) {
                throw new IllegalArgumentException(who + ": seed " + s + " does not have " + tasks
                        + " task scores for both methods; arrays are [seed][task] of one shape");
            }
            for (int t = 0; t < tasks; t++) {
                if (!Double.isFinite(m[s][t]) || !Double.isFinite(b[s][t])) {
                    throw new IllegalArgumentException(who + ": seed " + s + ", task " + t
                            + " has a non-finite score (" + m[s][t] + ", " + b[s][t] + ")");
                }
                perTask[t] += m[s][t] - b[s][t];
            }
        }
        for (int t = 0; t < tasks; t++) {
            perTask[t] /= m.length;
        }
        return perTask;
    }
}
