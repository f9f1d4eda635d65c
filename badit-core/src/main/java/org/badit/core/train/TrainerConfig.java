package org.badit.core.train;

import java.nio.file.Path;

/**
 * How to train: optimization, schedule, data order, checkpoints. Every field has a default that suits a small run.
 *
 * @param learningRate the peak learning rate
 * @param warmupRatio the fraction of each stage's steps spent warming up
 * @param minLrRatio the final learning rate as a fraction of the peak
 * @param weightDecay AdamW's decoupled weight decay
 * @param maxGradNorm global-norm clipping bound (≤ 0: off)
 * @param batchSize examples per micro-batch
 * @param gradientAccumulation micro-batches per optimizer step
 * @param epochs passes over each stage's data (used when {@code maxSteps} ≤ 0)
 * @param maxSteps optimizer steps per stage; ≤ 0 derives them from {@code epochs}
 * @param sequential false: one stage with every task mixed; true: one stage per task, in order (continual)
 * @param seed seeds data order, dropout and DOG
 * @param logEvery steps between expert metrics (angles, orthogonality), which cost extra device work
 * @param checkpointEvery steps between checkpoints (≤ 0: only at the end of each stage)
 * @param outputDir where checkpoints and metrics go (null: nowhere)
 * @param balanceLossWeight weight of the token routers' load-balancing loss (LoRAMoE's optional term; 0: off)
 */
public record TrainerConfig(float learningRate, float warmupRatio, float minLrRatio, float weightDecay,
        float maxGradNorm, int batchSize, int gradientAccumulation, int epochs, int maxSteps, boolean sequential,
        long seed, int logEvery, int checkpointEvery, Path outputDir, float balanceLossWeight) {

    /**
     * Returns what must match for a resume to continue exactly: this configuration without the output directory and
     * the logging and checkpoint cadence, which do not change what training computes.
     *
     * @return the configuration with a null output directory and no logging or periodic checkpoints
     */
    public TrainerConfig resumeInvariant() {
        return new TrainerConfig(learningRate, warmupRatio, minLrRatio, weightDecay, maxGradNorm, batchSize,
                gradientAccumulation, epochs, maxSteps, sequential, seed, 0, 0, null, balanceLossWeight);
    }

    /**
     * Creates a builder with the defaults: lr 2e-4, warmup 3%, cosine to 0, no decay, clip 1.0, batch 8, no
     * accumulation, 1 epoch, mixed, seed 42, metrics every 10 steps, checkpoints at stage ends.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link TrainerConfig}. */
    public static final class Builder {
        private float learningRate = 2e-4f;
        private float warmupRatio = 0.03f;
        private float minLrRatio;
        private float weightDecay;
        private float maxGradNorm = 1f;
        private int batchSize = 8;
        private int gradientAccumulation = 1;
        private int epochs = 1;
        private int maxSteps;
        private boolean sequential;
        private long seed = 42;
        private int logEvery = 10;
        private int checkpointEvery;
        private Path outputDir;
        private float balanceLossWeight;

        private Builder() {}

        /**
         * Sets the weight of the token routers' load-balancing loss (default 0: off).
         *
         * @param weight the weight
         * @return this builder
         */
        public Builder optBalanceLossWeight(float weight) {
            this.balanceLossWeight = weight;
            return this;
        }

        /**
         * Sets the peak learning rate.
         *
         * @param lr the learning rate
         * @return this builder
         */
        public Builder optLearningRate(float lr) {
            this.learningRate = lr;
            return this;
        }

        /**
         * Sets the warmup fraction.
         *
         * @param ratio in [0, 1]
         * @return this builder
         */
        public Builder optWarmupRatio(float ratio) {
            this.warmupRatio = ratio;
            return this;
        }

        /**
         * Sets the final learning rate fraction.
         *
         * @param ratio in [0, 1]
         * @return this builder
         */
        public Builder optMinLrRatio(float ratio) {
            this.minLrRatio = ratio;
            return this;
        }

        /**
         * Sets the weight decay.
         *
         * @param decay λ
         * @return this builder
         */
        public Builder optWeightDecay(float decay) {
            this.weightDecay = decay;
            return this;
        }

        /**
         * Sets the clipping bound.
         *
         * @param norm the max global norm (≤ 0: off)
         * @return this builder
         */
        public Builder optMaxGradNorm(float norm) {
            this.maxGradNorm = norm;
            return this;
        }

        /**
         * Sets the micro-batch size.
         *
         * @param size examples
         * @return this builder
         */
        public Builder optBatchSize(int size) {
            this.batchSize = size;
            return this;
        }

        /**
         * Sets gradient accumulation.
         *
         * @param steps micro-batches per optimizer step
         * @return this builder
         */
        public Builder optGradientAccumulation(int steps) {
            this.gradientAccumulation = steps;
            return this;
        }

        /**
         * Sets the number of epochs.
         *
         * @param epochs passes over each stage's data
         * @return this builder
         */
        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        /**
         * Sets a fixed number of optimizer steps per stage.
         *
         * @param steps steps (≤ 0: from epochs)
         * @return this builder
         */
        public Builder optMaxSteps(int steps) {
            this.maxSteps = steps;
            return this;
        }

        /**
         * Chooses sequential (continual) training over the task order.
         *
         * @param sequential true for one stage per task
         * @return this builder
         */
        public Builder optSequential(boolean sequential) {
            this.sequential = sequential;
            return this;
        }

        /**
         * Sets the seed.
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets the expert-metrics period.
         *
         * @param steps steps (≤ 0: never)
         * @return this builder
         */
        public Builder optLogEvery(int steps) {
            this.logEvery = steps;
            return this;
        }

        /**
         * Sets the checkpoint period.
         *
         * @param steps steps (≤ 0: at stage ends only)
         * @return this builder
         */
        public Builder optCheckpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        /**
         * Sets the output directory.
         *
         * @param dir the directory (created when needed)
         * @return this builder
         */
        public Builder optOutputDir(Path dir) {
            this.outputDir = dir;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         */
        public TrainerConfig build() {
            if (!(learningRate > 0) || batchSize < 1 || gradientAccumulation < 1 || epochs < 1 || warmupRatio < 0
                    || warmupRatio > 1) {
                throw new IllegalArgumentException("bad trainer settings: lr=" + learningRate + " batch=" + batchSize
                        + " accumulation=" + gradientAccumulation + " epochs=" + epochs + " warmup=" + warmupRatio);
            }
            return new TrainerConfig(learningRate, warmupRatio, minLrRatio, weightDecay, maxGradNorm, batchSize,
                    gradientAccumulation, epochs, maxSteps, sequential, seed, logEvery, checkpointEvery, outputDir,
                    balanceLossWeight);
        }
    }
}
