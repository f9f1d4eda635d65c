package org.badit.superni.metrics;

/**
 * Continual-learning metrics from an accuracy matrix, as reported by the BADIT trainer in the sequential setting.
 *
 * <p>For T tasks trained in order, {@code a[i][j]} is the score (e.g. ROUGE-L, 0–100) on task j after training
 * through task i (0-based). With T = 1 the averages over an empty set are 0.
 * <ul>
 *   <li><b>Cl</b> (final average) = (1/T) Σ_j a[T-1][j];</li>
 *   <li><b>Fgt</b> (forgetting) = (1/(T-1)) Σ_{j&lt;T-1} (max_{i&lt;T-1} a[i][j] − a[T-1][j]) (the standard
 *       definition of Chaudhry et al.: the maximum runs over every earlier row, including rows from before task j
 *       was trained, so matrices with unmeasured entries should hold the zero-shot score there);</li>
 *   <li><b>Bwt</b> (backward transfer) = (1/(T-1)) Σ_{j&lt;T-1} (a[T-1][j] − a[j][j]);</li>
 *   <li><b>Fwt</b> (forward transfer) = (1/(T-1)) Σ_{j&gt;0} (a[j-1][j] − b[j]), where b[j] is the baseline score
 *       of task j (zero-shot before training, or single-task, as the caller chooses);</li>
 *   <li><b>colla</b> = multi-task score − single-task score (per task, or averaged).</li>
 * </ul>
 * These are the {@link Definition#GEM} definitions (Lopez-Paz &amp; Ranzato, 2017), which {@link #of(double[][],
 * double[])} computes. The BADIT paper's released scripts use other Bwt and Fwt formulas ({@link Definition#PAPER});
 * choose with {@link #of(double[][], double[], Definition)} when numbers must be comparable with the paper's tables.
 *
 * @param cl final average score
 * @param fgt average forgetting
 * @param bwt backward transfer
 * @param fwt forward transfer (NaN when no baseline was given)
 */
public record ContinualMetrics(double cl, double fgt, double bwt, double fwt) {

    /**
     * Which formulas Bwt and Fwt follow. Cl and Fgt are the same in both.
     *
     * <p>{@link #PAPER} reproduces {@code cal_continue_learning_metrics} in {@code src/parse_scores.py} of the
     * paper's released code (github.com/wangbing1416/BADIT, commit 818d9b5, read 2026-12-02), which divides by T
     * and measures Fwt on the diagonal against single-task baselines:
     * <ul>
     *   <li>Bwt = (1/T) Σ_{i&lt;T} (a[T-1][i] − a[i][i]) (the i = T−1 term is 0, so this is the GEM sum over
     *       i &lt; T−1 divided by T instead of T−1);</li>
     *   <li>Fwt = (1/T) Σ_{i&lt;T} (a[i][i] − b[i]), with b[i] the single-task score of task i (the script reads
     *       it from the {@code -baseline} run of the same model).</li>
     * </ul>
     * Where the script and this class differ: with no baselines the script reports Fwt = 0, here it is NaN (a
     * missing baseline should not read as "no transfer"); with T = 1 the script's Fgt divides by zero, here it is 0.
     */
    public enum Definition {
        /** The BADIT paper's released evaluation script: Bwt and Fwt averaged over all T tasks, Fwt on a[i][i]. */
        PAPER,
        /** GEM (Lopez-Paz &amp; Ranzato, 2017): Bwt and Fwt averaged over T−1 tasks, Fwt on a[i-1][i]. */
        GEM
    }

    /**
     * Computes the metrics with the {@link Definition#GEM} definitions (as this method always has).
     *
     * @param a the T×T accuracy matrix, {@code a[i][j]} = score on task j after training through task i
     * @param baseline per-task baseline scores b[j] for Fwt (length T), or null to leave Fwt as NaN
     * @return the metrics
     * @throws IllegalArgumentException when the matrix is empty or not square, or the baseline has the wrong length
     */
    public static ContinualMetrics of(double[][] a, double[] baseline) {
        return of(a, baseline, Definition.GEM);
    }

    /**
     * Computes the metrics with the chosen definitions of Bwt and Fwt.
     *
     * @param a the T×T accuracy matrix, {@code a[i][j]} = score on task j after training through task i
     * @param baseline per-task baseline scores b[j] for Fwt (length T), or null to leave Fwt as NaN; for
     *     {@link Definition#PAPER} these are the single-task scores
     * @param definition which formulas Bwt and Fwt follow
     * @return the metrics
     * @throws IllegalArgumentException when the matrix is empty or not square, or the baseline has the wrong length
     */
    public static ContinualMetrics of(double[][] a, double[] baseline, Definition definition) {
        if (definition == null) {
            throw new IllegalArgumentException("definition is null; choose Definition.PAPER or Definition.GEM");
        }
        int t = a.length;
        if (t == 0) {
            throw new IllegalArgumentException("accuracy matrix is empty");
        }
        for (int i = 0; i < t; i++) {
            if (a[i] == null || a[i].length != t) {
                throw new IllegalArgumentException("accuracy matrix must be " + t + "x" + t + "; row " + i
                        + " has " + (a[i] == null ? 0 : a[i].length) + " entries");
            }
        }
        if (baseline != null && baseline.length != t) {
            throw new IllegalArgumentException("baseline has " + baseline.length + " entries, expected " + t);
        }
        double cl = 0;
        for (int j = 0; j < t; j++) {
            cl += a[t - 1][j];
        }
        cl /= t;
        double fgt = 0;
        double bwt = 0;
        double fwt = 0;
        for (int j = 0; j < t - 1; j++) {
            double best = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < t - 1; i++) {
                best = Math.max(best, a[i][j]);
            }
            fgt += best - a[t - 1][j];
            bwt += a[t - 1][j] - a[j][j];
        }
        int n = t - 1;
        double fgtMean = n == 0 ? 0 : fgt / n;
        if (definition == Definition.PAPER) {
            // Same sums as GEM for Bwt; Fwt compares the just-trained diagonal with single-task training.
            for (int i = 0; i < t; i++) {
                fwt += baseline == null ? 0 : a[i][i] - baseline[i];
            }
            return new ContinualMetrics(cl, fgtMean, bwt / t, baseline == null ? Double.NaN : fwt / t);
        }
        for (int j = 1; j < t; j++) {
            fwt += baseline == null ? 0 : a[j - 1][j] - baseline[j];
        }
        return new ContinualMetrics(cl, fgtMean, n == 0 ? 0 : bwt / n,
                baseline == null ? Double.NaN : n == 0 ? 0 : fwt / n);
    }

    /**
     * colla: how much multi-task training gains over single-task training.
     *
     * @param multiTask the multi-task score
     * @param singleTask the single-task score
     * @return {@code multiTask - singleTask}
     */
    public static double colla(double multiTask, double singleTask) {
        return multiTask - singleTask;
    }

    /**
     * colla averaged over tasks: mean_j (multi[j] − single[j]).
     *
     * @param multiTask per-task multi-task scores
     * @param singleTask per-task single-task scores, same length
     * @return the mean difference
     */
    public static double colla(double[] multiTask, double[] singleTask) {
        if (multiTask.length != singleTask.length || multiTask.length == 0) {
            throw new IllegalArgumentException("need two non-empty arrays of the same length, got "
                    + multiTask.length + " and " + singleTask.length);
        }
        double sum = 0;
        for (int j = 0; j < multiTask.length; j++) {
            sum += multiTask[j] - singleTask[j];
        }
        return sum / multiTask.length;
    }
}
