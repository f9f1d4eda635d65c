package org.badit.core.grouping;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.badit.core.data.TrainingExample;

/**
 * Tokenized examples by task index, and the batches the estimators draw from a group of tasks: equally many
 * examples from each member (round robin), so a group's gradient or training signal is not dominated by its
 * largest task.
 */
final class TaskExamples {

    private final List<List<TrainingExample>> byTask;

    /**
     * Indexes examples by {@link TrainingExample#task()}.
     *
     * @param examples examples of tasks 0..n−1
     * @param n the number of tasks
     */
    TaskExamples(List<TrainingExample> examples, int n) {
        TreeMap<Integer, List<TrainingExample>> map = new TreeMap<>();
        for (int t = 0; t < n; t++) {
            map.put(t, new ArrayList<>());
        }
        for (TrainingExample e : examples) {
            if (e.task() < 0 || e.task() >= n) {
                throw new IllegalArgumentException("example " + e.id() + " has task " + e.task() + ", outside [0, "
                        + n + ")");
            }
            map.get(e.task()).add(e);
        }
        for (var e : map.entrySet()) {
            if (e.getValue().isEmpty()) {
                throw new IllegalArgumentException("task " + e.getKey() + " has no examples");
            }
        }
        this.byTask = List.copyOf(map.values());
    }

    /** The number of tasks. */
    int tasks() {
        return byTask.size();
    }

    /** The examples of one task. */
    List<TrainingExample> of(int task) {
        return byTask.get(task);
    }

    /**
     * The first {@code size} examples of a group, taken round robin over its members (deterministic: the gradient
     * estimator's batch).
     */
    List<TrainingExample> head(List<Integer> group, int size) {
        List<TrainingExample> out = new ArrayList<>(size);
        for (int i = 0; out.size() < size; i++) {
            boolean any = false;
            for (int t : group) {
                List<TrainingExample> own = byTask.get(t);
                if (i < own.size() && out.size() < size) {
                    out.add(own.get(i));
                    any = true;
                }
            }
            if (!any) {
                break;
            }
        }
        return out;
    }

    /** {@code size} examples of a group drawn with replacement, a uniformly drawn member task each. */
    List<TrainingExample> sample(List<Integer> group, int size, Random random) {
        List<TrainingExample> out = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            List<TrainingExample> own = byTask.get(group.get(random.nextInt(group.size())));
            out.add(own.get(random.nextInt(own.size())));
        }
        return out;
    }
}
