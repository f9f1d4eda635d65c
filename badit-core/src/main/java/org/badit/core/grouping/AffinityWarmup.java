package org.badit.core.grouping;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.badit.core.train.TrainerConfig;
import org.badit.core.train.TrainingStep;
import org.badit.core.train.TrainingTarget;

/**
 * A short multi-task warm-up before measuring affinities: at a freshly initialised LoRA adapter (B = 0) every task's
 * gradient lives in the span the random A allows, and after a few steps on all tasks together the gradients reflect
 * what the tasks ask of a trained adapter. Batches are drawn uniformly over tasks, seeded; AdamW at a constant
 * learning rate, gradient clipping at norm 1.
 */
public final class AffinityWarmup {

    private AffinityWarmup() {}

    /**
     * Trains the model in place.
     *
     * @param model the adapted model
     * @param examples examples of tasks 0..tasks−1
     * @param tasks the number of tasks
     * @param steps optimizer steps (0: nothing)
     * @param batchSize examples per step
     * @param learningRate the learning rate
     * @param padId the tokenizer's pad id
     * @param seed seed of the draws
     */
    public static void run(AdaptedModel model, List<TrainingExample> examples, int tasks, int steps, int batchSize,
            float learningRate, int padId, long seed) {
        if (steps <= 0) {
            return;
        }
        TaskExamples byTask = new TaskExamples(examples, tasks);
        List<Integer> all = new ArrayList<>();
        for (int t = 0; t < tasks; t++) {
            all.add(t);
        }
        train(model, byTask, all, steps, batchSize, learningRate, padId, seed, "warm-up");
    }

    /** {@code steps} AdamW steps (fresh moments) on batches drawn from a group; shared with {@link LossAffinity}. */
    static void train(AdaptedModel model, TaskExamples examples, List<Integer> group, int steps, int batchSize,
            float learningRate, int padId, long seed, String where) {
        TrainerConfig config = TrainerConfig.builder().optSeed(seed).optBatchSize(batchSize).optMaxSteps(steps)
                .build();
        TrainingStep step = new TrainingStep(TrainingTarget.of(model), config, padId);
        Random random = new Random(seed);
        for (int s = 1; s <= steps; s++) {
            // stageSteps = Integer.MAX_VALUE: DOG never regroups in these few steps.
            step.run(List.of(examples.sample(group, batchSize, random)), s, s, Integer.MAX_VALUE, learningRate,
                    false, where + " step " + s);
        }
        // The moments are this call's alone: free them now rather than with the model.
        step.optimizer().allMoments().values().forEach(org.badit.core.train.AdamW.Moments::close);
    }
}
