package org.badit.examples.cli.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;

/**
 * A validation split carved from the training instances, per task: a seeded draw of {@code perTask} instances that
 * are then never trained on. Hyperparameters chosen on it never look at the test split; instances whose id also
 * appears in the test split are never drawn (the CL benchmark's splits are disjoint, but a hand-made folder may not
 * be).
 */
public final class ValidationSplit {

    private ValidationSplit() {}

    /**
     * The two sides of the carve, task by task in the order given.
     *
     * @param train each task with its validation instances removed
     * @param validation each task with only its validation instances
     */
    public record Parts(List<SuperNiTask> train, List<SuperNiTask> validation) {}

    /**
     * Carves the split.
     *
     * @param tasks the training tasks (after any cap)
     * @param perTask validation instances per task, at least 1
     * @param seed the seed of the draw (the same seed and tasks give the same split)
     * @param testIds ids of the test split, never drawn
     * @return the training and validation tasks
     * @throws IllegalArgumentException when {@code perTask} is below 1 or leaves a task without a training instance
     */
    public static Parts carve(List<SuperNiTask> tasks, int perTask, long seed, Set<String> testIds) {
        if (perTask < 1) {
            throw new IllegalArgumentException("validation_instances (--val-instances) must be at least 1 per task, "
                    + "got " + perTask);
        }
        List<SuperNiTask> train = new ArrayList<>();
        List<SuperNiTask> validation = new ArrayList<>();
        for (SuperNiTask task : tasks) {
            List<Instance> pool = new ArrayList<>();
            task.instances().stream().filter(i -> !testIds.contains(i.id())).forEach(pool::add);
            // Sorted first, so the draw does not depend on the order the loader returned (which follows the run's
            // seed): every seed of a study holds out the same instances. Seeded by the task's name too, so adding or
            // removing another task does not change this task's draw.
            pool.sort(Comparator.comparing(Instance::id));
            Collections.shuffle(pool, new Random(seed * 1_000_003L + task.name().hashCode()));
            if (pool.size() < perTask || task.instances().size() - perTask < 1) {
                throw new IllegalArgumentException("validation_instances (--val-instances) = " + perTask
                        + " leaves task " + task.name() + " without a training instance (it has "
                        + task.instances().size() + " training instances, " + pool.size()
                        + " of them eligible for validation); lower it or raise --max-train-instances");
            }
            Set<String> held = new HashSet<>();
            pool.subList(0, perTask).forEach(i -> held.add(i.id()));
            // Keep file/sample order on both sides: the trainer's own seeded shuffle does the rest.
            train.add(task.withInstances(task.instances().stream().filter(i -> !held.contains(i.id())).toList()));
            validation.add(task.withInstances(task.instances().stream().filter(i -> held.contains(i.id())).toList()));
        }
        return new Parts(train, validation);
    }
}
