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
 *
 * @param cl final average score
 * @param fgt average forgetting
 * @param bwt backward transfer
 * @param fwt forward transfer (NaN when no baseline was given)
 */
public record ContinualMetrics(double cl, double fgt, double bwt, double fwt) {

    /**
     * Computes the metrics.
     *
     * @param a the T×T accuracy matrix, {@code a[i][j]} = score on task j after training through task i
     * @param baseline per-task baseline scores b[j] for Fwt (length T), or null to leave Fwt as NaN
     * @return the metrics
     * @throws IllegalArgumentException when the matrix is empty or not square, or the baseline has the wrong length
     */
    public static ContinualMetrics of(double[][] a, double[] baseline) {
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
        for (int j = 1; j < t; j++) {
            fwt += baseline == null ? 0 : a[j - 1][j] - baseline[j];
        }
        int n = t - 1;
        return new ContinualMetrics(cl, n == 0 ? 0 : fgt / n, n == 0 ? 0 : bwt / n,
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
