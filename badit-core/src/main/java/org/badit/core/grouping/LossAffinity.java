package org.badit.core.grouping;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.clustering.tasks.AffinityOracle;
import org.badit.core.data.Batch;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.badit.core.model.ForwardInputs;

/**
 * Loss-based task affinity (the seed paper's definition): how much a few training steps on group b lower group a's
 * validation loss, {@code T_ab = (L_a − L_a after b) / L_a}, relative so that tasks with large losses do not
 * dominate, then symmetrised, {@code (T + Tᵀ)/2}. Every source group starts from the same weights (restored after
 * each) and fresh AdamW moments; the batches are drawn with a seed per source so the answer is reproducible.
 * A group's loss is the target-token loss on V validation examples drawn round robin from its tasks, V being one
 * task's validation count, so a cluster of ten tasks costs what one task costs to evaluate.
 *
 * <p>Cost, for m groups asked about: m × {@code steps} optimizer steps of {@code batchSize} examples (one few-step
 * training per group, a "pass"), plus m (m + 1) loss evaluations on V examples (one per node pair, and m before any
 * training). A one-shot grouping of n tasks asks for n passes and n² pairs; the adaptive mode asks for more passes
 * (existing clusters are trained on again in every batch) but, when n is large against k, far fewer pairs; it pays
 * when the pairs dominate, i.e. when n·V exceeds {@code steps · batchSize}.
 */
public final class LossAffinity implements AffinityOracle {

    private final AdaptedModel model;
    private final TaskExamples train;
    private final TaskExamples validation;
    private final int steps;
    private final int batchSize;
    private final float learningRate;
    private final int padId;
    private final long seed;

    private LossAffinity(Builder b) {
        this.model = b.model;
        this.train = new TaskExamples(b.train, b.tasks);
        this.validation = new TaskExamples(b.validation, b.tasks);
        this.steps = b.steps;
        this.batchSize = b.batchSize;
        this.learningRate = b.learningRate;
        this.padId = b.padId;
        this.seed = b.seed;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; model, training and validation examples and pad id are required
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public double[][] between(List<List<Integer>> groups) {
        int m = groups.size();
        double[][] t = new double[m][m];
        Map<String, Parameter> params = model.trainableParameters();
        try (NDManager keep = model.model().getManager().newSubManager()) {
            Map<String, NDArray> start = new LinkedHashMap<>();
            params.forEach((name, p) -> start.put(name, p.getArray().duplicate()));
            start.values().forEach(a -> a.attach(keep));
            double[] before = groupLosses(groups);
            try {
                for (int b = 0; b < m; b++) {
                    AffinityWarmup.train(model, train, groups.get(b), steps, batchSize, learningRate, padId,
                            seed * 1_000_003L + groups.get(b).hashCode(), "loss affinity of group " + b);
                    double[] after = groupLosses(groups);
                    for (int a = 0; a < m; a++) {
                        t[a][b] = before[a] > 0 ? (before[a] - after[a]) / before[a] : 0;
                    }
                    restore(params, start);
                }
            } finally {
                restore(params, start);
            }
        }
        double[][] sym = new double[m][m];
        for (int a = 0; a < m; a++) {
            for (int b = 0; b < m; b++) {
                sym[a][b] = 0.5 * (t[a][b] + t[b][a]);
            }
        }
        return sym;
    }

    private static void restore(Map<String, Parameter> params, Map<String, NDArray> start) {
        params.forEach((name, p) -> p.getArray().set(new NDIndex("..."), start.get(name)));
    }

    /** Each group's loss on its V round-robin validation examples, in batches of {@code batchSize}. */
    private double[] groupLosses(List<List<Integer>> groups) {
        double[] out = new double[groups.size()];
        for (int a = 0; a < groups.size(); a++) {
            List<TrainingExample> own = validation.head(groups.get(a), validation.of(groups.get(a).get(0)).size());
            double sum = 0;
            for (int from = 0; from < own.size(); from += batchSize) {
                List<TrainingExample> chunk = own.subList(from, Math.min(own.size(), from + batchSize));
                try (NDScope scope = new NDScope(); NDManager sm = model.model().getManager().newSubManager()) {
                    scope.suppressNotUsedWarning();
                    Batch batch = Batch.of(chunk, padId, sm);
                    ForwardInputs inputs = ForwardInputs.NONE.withPromptMask(batch.promptMask())
                            .withTaskIds(batch.taskIds());
                    NDArray logits = model.model().logits(new ParameterStore(sm, false), batch.inputIds(),
                            batch.attentionMask(), false, inputs);
                    sum += batch.loss(logits).getFloat() * chunk.size();
                }
            }
            out[a] = sum / own.size();
        }
        return out;
    }

    /** Builder in DJL style. */
    public static final class Builder {
        private AdaptedModel model;
        private List<TrainingExample> train;
        private List<TrainingExample> validation;
        private int tasks;
        private int steps = 5;
        private int batchSize = 8;
        private float learningRate = 1e-3f;
        private int padId = -1;
        private long seed = 7;

        private Builder() {}

        /**
         * Sets the adapted model trained for a few steps per source group and restored after each (required).
         *
         * @param m the model
         * @return this
         */
        public Builder setModel(AdaptedModel m) {
            this.model = m;
            return this;
        }

        /**
         * Sets the examples (required): training ones for the steps, validation ones (held out of training) for
         * the losses.
         *
         * @param trainExamples training examples of tasks 0..tasks−1
         * @param validationExamples validation examples of the same tasks
         * @param tasks the number of tasks
         * @return this
         */
        public Builder setExamples(List<TrainingExample> trainExamples, List<TrainingExample> validationExamples,
                int tasks) {
            this.train = trainExamples;
            this.validation = validationExamples;
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
         * Sets the optimizer steps per source group. Default 5.
         *
         * @param n ≥ 1
         * @return this
         */
        public Builder optSteps(int n) {
            this.steps = n;
            return this;
        }

        /**
         * Sets the examples per step and per validation batch. Default 8.
         *
         * @param n ≥ 1
         * @return this
         */
        public Builder optBatchSize(int n) {
            this.batchSize = n;
            return this;
        }

        /**
         * Sets the learning rate of the steps. Default 1e-3.
         *
         * @param lr &gt; 0
         * @return this
         */
        public Builder optLearningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        /**
         * Sets the seed of the batch draws. Default 7.
         *
         * @param s seed
         * @return this
         */
        public Builder optSeed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Builds it.
         *
         * @return the estimator
         */
        public LossAffinity build() {
            if (model == null || train == null || validation == null || tasks < 1 || padId < 0 || steps < 1
                    || batchSize < 1 || !(learningRate > 0)) {
                throw new IllegalArgumentException("model, training and validation examples of >= 1 task, pad id, "
                        + "steps >= 1, batch size >= 1 and learning rate > 0 are required");
            }
            return new LossAffinity(this);
        }
    }
}
