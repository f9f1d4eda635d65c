package org.badit.examples.report;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of training and evaluating one method: one row of the comparison table.
 *
 * <p>Scores are on SuperNI's scale (×100, as the official evaluation reports them, 4 decimals). The continual
 * learning metrics and {@code colla} are {@code null} when the run did not measure them.
 *
 * @param method the method's name as shown in the table (e.g. {@code lora}, {@code badit})
 * @param rougeL the overall ROUGE-L
 * @param exactMatch the overall exact match
 * @param perTaskRougeL ROUGE-L per task, in the order the table should show the tasks
 * @param trainSeconds the wall time of training in seconds, {@code NaN} if unknown
 * @param trainableParameters the number of trainable parameters
 * @param totalParameters the number of parameters of the adapted model (base + adapters)
 * @param metricsLog the per-step metrics JSON Lines file of the run, or {@code null}
 * @param cl continual learning: mean score over all tasks after the last task, or {@code null}
 * @param fgt continual learning: forgetting, or {@code null}
 * @param bwt continual learning: backward transfer, or {@code null}
 * @param fwt continual learning: forward transfer, or {@code null}
 * @param colla multi-task minus single-task ROUGE-L, or {@code null}
 */
public record MethodResult(
        String method,
        double rougeL,
        double exactMatch,
        Map<String, Double> perTaskRougeL,
        double trainSeconds,
        long trainableParameters,
        long totalParameters,
        Path metricsLog,
        Double cl,
        Double fgt,
        Double bwt,
        Double fwt,
        Double colla) {

    /** Validates the fields and freezes the per-task map in its given order. */
    public MethodResult {
        Objects.requireNonNull(method, "method");
        if (method.isBlank()) {
            throw new IllegalArgumentException("method name is blank");
        }
        perTaskRougeL = perTaskRougeL == null
                ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(perTaskRougeL));
        if (trainableParameters < 0 || totalParameters < 0) {
            throw new IllegalArgumentException(method + ": parameter counts must be >= 0");
        }
    }

    /**
     * Returns the trainable parameters as a percentage of the total, or {@code NaN} when the total is unknown (0).
     *
     * @return the trainable share in percent
     */
    public double trainablePercent() {
        return totalParameters == 0 ? Double.NaN : 100.0 * trainableParameters / totalParameters;
    }

    /**
     * Returns whether any continual-learning metric is set.
     *
     * @return {@code true} if Cl, Fgt, Bwt or Fwt is present
     */
    public boolean hasContinualMetrics() {
        return cl != null || fgt != null || bwt != null || fwt != null;
    }

    /**
     * Creates a builder for a result.
     *
     * @param method the method's name
     * @return a new builder
     */
    public static Builder builder(String method) {
        return new Builder(method);
    }

    /** Builds a {@link MethodResult} step by step, in DJL's builder style. */
    public static final class Builder {
        private final String method;
        private double rougeL;
        private double exactMatch;
        private final Map<String, Double> perTask = new LinkedHashMap<>();
        private double trainSeconds = Double.NaN; // unknown until set: shown as a dash, never as "fastest"
        private long trainable;
        private long total;
        private Path metricsLog;
        private Double cl;
        private Double fgt;
        private Double bwt;
        private Double fwt;
        private Double colla;

        Builder(String method) {
            this.method = method;
        }

        /**
         * Sets the overall scores.
         *
         * @param rougeL overall ROUGE-L (×100)
         * @param exactMatch overall exact match (×100)
         * @return this builder
         */
        public Builder setScores(double rougeL, double exactMatch) {
            this.rougeL = rougeL;
            this.exactMatch = exactMatch;
            return this;
        }

        /**
         * Adds one task's ROUGE-L; tasks keep the order in which they are added.
         *
         * @param task the task name
         * @param rougeL its ROUGE-L (×100)
         * @return this builder
         */
        public Builder addTask(String task, double rougeL) {
            perTask.put(task, rougeL);
            return this;
        }

        /**
         * Sets the training wall time.
         *
         * @param seconds seconds of training
         * @return this builder
         */
        public Builder setTrainSeconds(double seconds) {
            this.trainSeconds = seconds;
            return this;
        }

        /**
         * Sets the parameter counts.
         *
         * @param trainable trainable parameters
         * @param total all parameters of the adapted model
         * @return this builder
         */
        public Builder setParameters(long trainable, long total) {
            this.trainable = trainable;
            this.total = total;
            return this;
        }

        /**
         * Sets the run's per-step metrics file, from which the loss and angle plots are drawn.
         *
         * @param jsonl the JSON Lines file
         * @return this builder
         */
        public Builder optMetricsLog(Path jsonl) {
            this.metricsLog = jsonl;
            return this;
        }

        /**
         * Sets the continual-learning metrics; any may be {@code null}.
         *
         * @param cl mean final score
         * @param fgt forgetting
         * @param bwt backward transfer
         * @param fwt forward transfer
         * @return this builder
         */
        public Builder optContinual(Double cl, Double fgt, Double bwt, Double fwt) {
            this.cl = cl;
            this.fgt = fgt;
            this.bwt = bwt;
            this.fwt = fwt;
            return this;
        }

        /**
         * Sets colla (multi-task minus single-task ROUGE-L).
         *
         * @param colla the difference, in ROUGE-L points
         * @return this builder
         */
        public Builder optColla(Double colla) {
            this.colla = colla;
            return this;
        }

        /**
         * Builds the result.
         *
         * @return the result
         */
        public MethodResult build() {
            return new MethodResult(method, rougeL, exactMatch, perTask, trainSeconds, trainable, total,
                    metricsLog, cl, fgt, bwt, fwt, colla);
        }
    }
}
