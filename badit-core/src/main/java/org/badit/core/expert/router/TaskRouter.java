package org.badit.core.expert.router;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import org.badit.core.model.ForwardContext;

/**
 * A learnable α ∈ R^K per task id, initialized to 1. Since α is fixed per task, a task's experts can be merged into
 * one dense weight for inference with no overhead ({@code BaditLinear.deltaWeight(task)}).
 */
public final class TaskRouter extends ExpertRouter {

    private final Parameter alpha; // [tasks, K]
    private final int tasks;

    /**
     * Creates the router with α = 1 for every task.
     *
     * @param manager the manager (and device) of the layer
     * @param experts K
     * @param tasks the number of task ids
     */
    public TaskRouter(NDManager manager, int experts, int tasks) {
        super(experts);
        if (tasks < 1) {
            throw new IllegalArgumentException("the task router needs at least one task, got " + tasks);
        }
        this.tasks = tasks;
        this.alpha = trainable("alpha", manager.ones(new Shape(tasks, experts)));
    }

    /** {@inheritDoc} */
    @Override
    public NDArray weights(ParameterStore ps, NDArray x, ForwardContext ctx, boolean training) {
        NDArray ids = ctx == null ? null : ctx.taskIds();
        if (ids == null) {
            throw new IllegalArgumentException("the task router needs task ids: give the forward pass an int64 [B] "
                    + "array with ForwardInputs.withTaskIds");
        }
        NDArray a = ps.getValue(alpha, x.getDevice(), training);
        return a.get(new ai.djl.ndarray.index.NDIndex("{}", ids)).expandDims(1); // [B, 1, K]
    }

    /**
     * Returns one task's weights.
     *
     * @param task the task id
     * @return {@code [K]}
     */
    public NDArray taskWeights(int task) {
        if (task < 0 || task >= tasks) {
            throw new IllegalArgumentException("task id " + task + " outside [0, " + tasks + ")");
        }
        return alpha.getArray().get(task);
    }

    /**
     * Returns the number of task ids.
     *
     * @return the number of tasks
     */
    public int tasks() {
        return tasks;
    }

    /** {@inheritDoc} */
    @Override
    public String type() {
        return "task";
    }

    /** {@inheritDoc} */
    @Override
    public boolean inputDependent() {
        return false;
    }
}
