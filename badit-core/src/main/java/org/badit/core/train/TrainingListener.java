package org.badit.core.train;

/** Receives the trainer's progress (metrics logs, progress bars, evaluation between continual stages). */
public interface TrainingListener {

    /**
     * Called after every optimizer step.
     *
     * @param record what the step did
     */
    default void onStep(StepRecord record) {}

    /**
     * Called when a stage (a task in sequential training, everything in mixed training) has finished.
     *
     * @param stage the stage index
     * @param task the stage's task name, or null in mixed training
     */
    default void onStageEnd(int stage, String task) {}
}
