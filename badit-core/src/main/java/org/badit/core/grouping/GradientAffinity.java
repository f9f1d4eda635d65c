package org.badit.core.grouping;

import java.util.ArrayList;
import java.util.List;
import org.badit.clustering.tasks.AffinityOracle;
import org.badit.core.data.TrainingExample;
import org.badit.core.eval.GradientConflict;
import org.badit.core.method.AdaptedModel;

/**
 * First-order task affinity: the cosine between two groups' adapter gradients at the model as it is (the base
 * model with a freshly initialised adapter, or after a warm-up by {@link AffinityWarmup}), measured by
 * {@link GradientConflict}. A group's gradient is taken on one batch of {@code examplesPerTask · 1} examples drawn
 * round robin from its tasks (the same size for every group, so no group's gradient is less noisy by size alone).
 *
 * <p>Cost: one forward and backward pass per group asked about, on {@code examplesPerTask} examples; the m × m
 * cosines are one matrix product. The model is not changed (gradients are zeroed afterwards).
 */
public final class GradientAffinity implements AffinityOracle {

    private final AdaptedModel model;
    private final TaskExamples examples;
    private final int examplesPerTask;
    private final int padId;

    private GradientAffinity(Builder b) {
        this.model = b.model;
        this.examples = new TaskExamples(b.examples, b.tasks);
        this.examplesPerTask = b.examplesPerTask;
        this.padId = b.padId;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; model, examples, tasks and pad id are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public double[][] between(List<List<Integer>> groups) {
        List<List<TrainingExample>> batches = new ArrayList<>();
        for (List<Integer> g : groups) {
            batches.add(examples.head(g, examplesPerTask));
        }
        return GradientConflict.measure(model, batches, padId).cosine();
    }

    /** Builder in DJL style. */
    public static final class Builder {
        private AdaptedModel model;
        private List<TrainingExample> examples;
        private int tasks;
        private int examplesPerTask = 8;
        private int padId = -1;

        private Builder() {}

        /**
         * Sets the adapted model whose trainable parameters' gradients are compared (required).
         *
         * @param m the model
         * @return this
         */
        public Builder setModel(AdaptedModel m) {
            this.model = m;
            return this;
        }

        /**
         * Sets the training examples (required).
         *
         * @param e examples of tasks 0..tasks−1 ({@link TrainingExample#task()})
         * @param tasks the number of tasks
         * @return this
         */
        public Builder setExamples(List<TrainingExample> e, int tasks) {
            this.examples = e;
            this.tasks = tasks;
            return this;
        }

        /**
         * Sets the tokenizer's pad id (required).
         *
         * @param id pad id
         * @return this
         */
        public Builder setPadId(int id) {
            this.padId = id;
            return this;
        }

        /**
         * Sets the examples per gradient batch. Default 8.
         *
         * @param n ≥ 1
         * @return this
         */
        public Builder optExamplesPerTask(int n) {
            this.examplesPerTask = n;
            return this;
        }

        /**
         * Builds it.
         *
         * @return the estimator
         */
        public GradientAffinity build() {
            if (model == null || examples == null || tasks < 1 || padId < 0 || examplesPerTask < 1) {
                throw new IllegalArgumentException("model, examples of >= 1 task, pad id and examples per task >= 1 "
                        + "are required");
            }
            return new GradientAffinity(this);
        }
    }
}
