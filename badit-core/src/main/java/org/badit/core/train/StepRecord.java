package org.badit.core.train;

/**
 * What one optimizer step did; written as one JSON line of the metrics log. Expert fields are NaN (omitted in the
 * log) when not measured at this step.
 *
 * @param step the 1-based global optimizer step
 * @param totalSteps the run's total optimizer steps
 * @param stage the stage (task index in sequential training, else 0)
 * @param task the stage's task name in sequential training, else null
 * @param loss the mean target-token loss of the step
 * @param lr the learning rate used
 * @param gradNorm the global gradient norm before clipping
 * @param tokensPerSecond real tokens processed per second in this step
 * @param elapsedSeconds seconds since training started (this process)
 * @param intraAngleDeg mean sign-invariant angle between component gradients (DOG's EMA) of the same expert
 * @param interAngleDeg mean sign-invariant angle between the experts' gradient centroids
 * @param maxExpertCosine largest cosine between two experts' subspaces
 * @param regroupMoved components moved by a DOG regroup at this step (-1: no regroup)
 * @param regroupMillis the regroup's wall time
 * @param regroupMaxDeltaLogit the regroup's largest change of a logit on the fixed probe batch (NaN: not measured)
 * @param regroupKl the regroup's mean KL(before ‖ after) per probe token (NaN: not measured)
 */
public record StepRecord(int step, int totalSteps, int stage, String task, double loss, double lr, double gradNorm,
        double tokensPerSecond, double elapsedSeconds, double intraAngleDeg, double interAngleDeg,
        double maxExpertCosine, int regroupMoved, double regroupMillis, double regroupMaxDeltaLogit,
        double regroupKl) {}
