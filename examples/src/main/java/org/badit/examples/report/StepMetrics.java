package org.badit.examples.report;

/**
 * One optimizer step of a training run, as the trainer writes it to its metrics JSON Lines file.
 *
 * <p>Every field but {@code step} is optional: a run logs only what its method produces (a plain LoRA run has no
 * expert angles, a run without DOG no regrouping). Absent values are {@code null}, never a silent zero, so a plot
 * can tell "not measured" from "measured as 0".
 *
 * @param step the optimizer step (global, counting from 0 or 1 as the trainer does)
 * @param stage the task index in sequential (continual) training, 0 in mixed training
 * @param task the task being trained in this step, when one task is (sequential training), else {@code null}
 * @param loss the training loss (mean over the target tokens)
 * @param lr the learning rate used in this step
 * @param gradNorm the global gradient norm before clipping
 * @param tokensPerS the training throughput in tokens per second
 * @param intraAngleDeg the mean angle between gradients of components of the same expert, in degrees
 * @param interAngleDeg the mean angle between gradients of different experts, in degrees
 * @param maxExpertCosine the largest cosine between subspaces of different experts
 * @param regroupMoved the number of rank-1 components a DOG regroup moved to another expert
 * @param regroupMs the wall time of that regroup in milliseconds
 * @param elapsedS the seconds since training started
 * @param regroupMaxDlogit the largest |Δlogit| a DOG regroup caused on the fixed probe batch (regroups on logging
 *     steps only; absent in older logs)
 * @param regroupKl the mean KL(before ‖ after) per token that regroup caused on the probe batch
 */
public record StepMetrics(
        int step,
        int stage,
        String task,
        Double loss,
        Double lr,
        Double gradNorm,
        Double tokensPerS,
        Double intraAngleDeg,
        Double interAngleDeg,
        Double maxExpertCosine,
        Integer regroupMoved,
        Double regroupMs,
        Double elapsedS,
        Double regroupMaxDlogit,
        Double regroupKl) {

    /**
     * Returns a step without the regroup's function change, as logs before {@code regroup_kl} existed have it.
     *
     * @param step the optimizer step
     * @param stage the task index (sequential) or 0
     * @param task the task trained in this step, or {@code null}
     * @param loss the training loss
     * @param lr the learning rate
     * @param gradNorm the gradient norm before clipping
     * @param tokensPerS the throughput
     * @param intraAngleDeg the intra-expert angle
     * @param interAngleDeg the inter-expert angle
     * @param maxExpertCosine the largest cosine between experts' subspaces
     * @param regroupMoved the components a regroup moved
     * @param regroupMs the regroup's wall time
     * @param elapsedS the seconds since training started
     */
    public StepMetrics(int step, int stage, String task, Double loss, Double lr, Double gradNorm, Double tokensPerS,
            Double intraAngleDeg, Double interAngleDeg, Double maxExpertCosine, Integer regroupMoved,
            Double regroupMs, Double elapsedS) {
        this(step, stage, task, loss, lr, gradNorm, tokensPerS, intraAngleDeg, interAngleDeg, maxExpertCosine,
                regroupMoved, regroupMs, elapsedS, null, null);
    }

    /**
     * Returns a step with only the step number and the loss set, the common case in tests and simple loops.
     *
     * @param step the optimizer step
     * @param loss the training loss
     * @return the step metrics
     */
    public static StepMetrics ofLoss(int step, double loss) {
        return new StepMetrics(step, 0, null, loss, null, null, null, null, null, null, null, null, null);
    }

    /**
     * Returns whether both expert gradient angles were logged in this step.
     *
     * @return {@code true} when intra- and inter-expert angles are present
     */
    public boolean hasAngles() {
        return intraAngleDeg != null && interAngleDeg != null;
    }
}
