package org.badit.core.train;

import ai.djl.training.tracker.Tracker;

/**
 * Linear warmup to the peak learning rate, then cosine decay to {@code minRatio}·peak at the last step (the schedule
 * of Hugging Face's {@code get_cosine_schedule_with_warmup}, with an optional floor).
 *
 * <pre>
 *   lr(t) = peak · t / warmup                                            t &lt; warmup
 *   lr(t) = peak · (minRatio + (1 − minRatio) · ½(1 + cos(π · (t − warmup) / (total − warmup))))   otherwise
 * </pre>
 */
public final class CosineSchedule implements Tracker {

    private final float peak;
    private final int warmupSteps;
    private final int totalSteps;
    private final float minRatio;

    /**
     * Creates the schedule.
     *
     * @param peak the learning rate after warmup
     * @param warmupSteps steps of linear warmup (0 for none)
     * @param totalSteps the total number of optimizer steps
     * @param minRatio the final learning rate as a fraction of the peak (0 as Hugging Face)
     */
    public CosineSchedule(float peak, int warmupSteps, int totalSteps, float minRatio) {
        if (totalSteps < 1 || warmupSteps < 0 || warmupSteps > totalSteps || peak < 0 || minRatio < 0
                || minRatio > 1) {
            throw new IllegalArgumentException("bad cosine schedule: peak=" + peak + " warmup=" + warmupSteps
                    + " total=" + totalSteps + " minRatio=" + minRatio);
        }
        this.peak = peak;
        this.warmupSteps = warmupSteps;
        this.totalSteps = totalSteps;
        this.minRatio = minRatio;
    }

    /**
     * Returns the learning rate of an optimizer step.
     *
     * @param numUpdate the 0-based step index
     * @return the learning rate
     */
    @Override
    public float getNewValue(int numUpdate) {
        if (numUpdate < warmupSteps) {
            return peak * (numUpdate + 1) / (warmupSteps + 1);
        }
        int decaySteps = Math.max(1, totalSteps - warmupSteps);
        double progress = Math.min(1.0, (double) (numUpdate - warmupSteps) / decaySteps);
        return (float) (peak * (minRatio + (1 - minRatio) * 0.5 * (1 + Math.cos(Math.PI * progress))));
    }
}
