package org.badit.examples.cli.run;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.superni.metrics.ContinualMetrics;

/**
 * What one row scored with one seed in one paradigm, on the test split. Scores are ROUGE-L ×100.
 *
 * @param seed the seed
 * @param runDir the run directory
 * @param score mixed: overall ROUGE-L; sequential: Cl (the final mean over tasks), or the overall ROUGE-L when the
 *     test split lacks the trained tasks (no accuracy matrix)
 * @param exactMatch overall exact match
 * @param perTask ROUGE-L per task of the final model, in evaluation order
 * @param perInstance ROUGE-L per test instance id of the final model (the Wilcoxon test's pairs)
 * @param continual Cl/Fgt/Bwt/Fwt (sequential with an accuracy matrix, else null; Fwt NaN without baselines)
 * @param colla mean over tasks of multi-task minus single-task ROUGE-L, or null without single-task runs
 * @param trainSeconds training wall time
 * @param trainable trainable parameters
 * @param total parameters of the adapted model
 * @param accuracy the accuracy matrix of a sequential run (rows and columns in training order), else null
 * @param trainingOrder the tasks in training order (the matrix's rows and columns)
 */
public record SeedResult(long seed, Path runDir, double score, double exactMatch, Map<String, Double> perTask,
        Map<String, Double> perInstance, ContinualMetrics continual, Double colla, double trainSeconds,
        long trainable, long total, double[][] accuracy, List<String> trainingOrder) {

    /** Freezes the maps in their order. */
    public SeedResult {
        perTask = Collections.unmodifiableMap(new LinkedHashMap<>(perTask));
        perInstance = Collections.unmodifiableMap(new LinkedHashMap<>(perInstance));
        trainingOrder = List.copyOf(trainingOrder);
    }
}
