package org.badit.examples.report;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The seeded, significance-tested side of a comparison ({@code "study"} in {@code report.json}): per row and
 * paradigm the mean and t-interval over seeds of the test score and of the continual metrics, the hyperparameters
 * chosen on the validation split, and the paired tests of the reference row against every other row with their
 * (Holm-corrected) verdicts. Scores are ROUGE-L ×100 as in the rest of the report.
 *
 * @param seeds the seeds every row ran with
 * @param confidence the confidence of every interval (0.95)
 * @param significance the level of the verdicts, after Holm's correction over all comparisons
 * @param paradigms {@code mixed} and/or {@code sequential}
 * @param reference the row under test
 * @param continualMetrics the definitions of Fgt/Bwt/Fwt: {@code paper} or {@code gem}
 * @param selection how learning rate and alpha were chosen, or null when no grid was given
 * @param rows one per row and paradigm
 * @param comparisons the paired tests, reference minus baseline
 * @param verdicts one line per comparison, as printed on the console
 * @param caveats what the reader must keep in mind (e.g. a single seed: no test)
 * @param dogDiagnostics per row and paradigm that logged expert metrics: angles, expert cosines and regroup
 *     statistics (empty when none did, or in reports written before they existed)
 */
public record StudyReport(List<Long> seeds, double confidence, double significance, List<String> paradigms,
        String reference, String continualMetrics, Selection selection, List<Row> rows,
        List<Comparison> comparisons, List<String> verdicts, List<String> caveats,
        List<DogDiagnostics> dogDiagnostics) {

    /** Copies the lists; a report.json from before {@code dogDiagnostics} existed reads back with none. */
    public StudyReport {
        dogDiagnostics = dogDiagnostics == null ? List.of() : List.copyOf(dogDiagnostics);
        seeds = List.copyOf(seeds);
        paradigms = List.copyOf(paradigms);
        rows = List.copyOf(rows);
        comparisons = List.copyOf(comparisons);
        verdicts = List.copyOf(verdicts);
        caveats = List.copyOf(caveats);
    }

    /**
     * A study without DOG diagnostics.
     *
     * @param seeds the seeds every row ran with
     * @param confidence the confidence of every interval
     * @param significance the level of the verdicts
     * @param paradigms {@code mixed} and/or {@code sequential}
     * @param reference the row under test
     * @param continualMetrics {@code paper} or {@code gem}
     * @param selection the selection, or null
     * @param rows one per row and paradigm
     * @param comparisons the paired tests
     * @param verdicts the verdict lines
     * @param caveats the caveats
     */
    public StudyReport(List<Long> seeds, double confidence, double significance, List<String> paradigms,
            String reference, String continualMetrics, Selection selection, List<Row> rows,
            List<Comparison> comparisons, List<String> verdicts, List<String> caveats) {
        this(seeds, confidence, significance, paradigms, reference, continualMetrics, selection, rows, comparisons,
                verdicts, caveats, List.of());
    }

    /**
     * A mean over seeds with its t-interval.
     *
     * @param mean the mean
     * @param low the interval's lower bound, null when undefined (one seed)
     * @param high the interval's upper bound, null when undefined
     * @param n the number of seeds
     * @param perSeed the value of each seed, in seed order
     */
    public record Estimate(double mean, Double low, Double high, int n, double[] perSeed) {

        /**
         * Returns half the interval's width, the "±" of the tables.
         *
         * @return the half width, NaN when undefined
         */
        public double halfWidth() {
            return low == null || high == null ? Double.NaN : (high - low) / 2;
        }
    }

    /**
     * The selection rule and its inputs.
     *
     * @param lrGrid the learning rates tried (empty: the shared learning rate)
     * @param alphaGrid the alphas tried for SVD-initialised rows (empty: each row's alpha)
     * @param alphaGridMethods the methods the alpha grid applies to
     * @param validationInstances instances held out per task from the training instances
     * @param validationSeed the seed of the held-out draw
     * @param rule the rule in words
     */
    public record Selection(List<Double> lrGrid, List<Double> alphaGrid, List<String> alphaGridMethods,
            int validationInstances, long validationSeed, String rule) {}

    /**
     * One point of a grid and its validation score.
     *
     * @param learningRate the learning rate
     * @param alpha the alpha
     * @param validationRougeL mean validation ROUGE-L over tasks (first seed)
     */
    public record Candidate(double learningRate, double alpha, double validationRougeL) {}

    /**
     * Continual-learning metrics of a sequential row.
     *
     * @param cl final mean ROUGE-L over tasks
     * @param fgt forgetting
     * @param bwt backward transfer
     * @param fwt forward transfer, null when no baseline was trained
     * @param fwtBaseline what Fwt is measured against ({@code single-task}), null when n/a
     */
    public record Continual(Estimate cl, Estimate fgt, Estimate bwt, Estimate fwt, String fwtBaseline) {}

    /**
     * One row in one paradigm.
     *
     * @param label the row's label
     * @param method the method
     * @param overrides the row's own settings
     * @param paradigm mixed or sequential
     * @param learningRate the learning rate used (chosen when tuned)
     * @param alpha the alpha used (chosen when tuned)
     * @param lrTuned whether the learning rate was chosen on the validation split
     * @param alphaTuned whether alpha was chosen on the validation split (SVD-initialised rows only)
     * @param seeds the seeds
     * @param rougeL the test score per seed (mixed: overall ROUGE-L; sequential: Cl) with mean and interval
     * @param exactMatch overall exact match per seed
     * @param continual the continual metrics (sequential only, else null)
     * @param colla multi-task minus single-task ROUGE-L, null without single-task baselines
     * @param tuning the grid's candidates with their validation scores (empty when not tuned)
     * @param runDirs the run directory of each seed
     * @param perTask task → the final model's ROUGE-L on it per seed, in seed order (NaN where a seed has no
     *     score); empty in reports written before it existed
     */
    public record Row(String label, String method, Map<String, String> overrides, String paradigm,
            double learningRate, double alpha, boolean lrTuned, boolean alphaTuned, List<Long> seeds, Estimate rougeL,
            Estimate exactMatch, Continual continual, Estimate colla, List<Candidate> tuning, List<String> runDirs,
            Map<String, double[]> perTask) {

        /** Copies the collections. */
        public Row {
            perTask = perTask == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(perTask));
            overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
            seeds = List.copyOf(seeds);
            tuning = List.copyOf(tuning);
            runDirs = List.copyOf(runDirs);
        }

        /**
         * A row without per-task scores.
         *
         * @param label the row's label
         * @param method the method
         * @param overrides the row's own settings
         * @param paradigm mixed or sequential
         * @param learningRate the learning rate used
         * @param alpha the alpha used
         * @param lrTuned whether the learning rate was chosen
         * @param alphaTuned whether alpha was chosen
         * @param seeds the seeds
         * @param rougeL the test score
         * @param exactMatch the exact match
         * @param continual the continual metrics, or null
         * @param colla colla, or null
         * @param tuning the grid's candidates
         * @param runDirs the run directory of each seed
         */
        public Row(String label, String method, Map<String, String> overrides, String paradigm,
                double learningRate, double alpha, boolean lrTuned, boolean alphaTuned, List<Long> seeds,
                Estimate rougeL, Estimate exactMatch, Continual continual, Estimate colla, List<Candidate> tuning,
                List<String> runDirs) {
            this(label, method, overrides, paradigm, learningRate, alpha, lrTuned, alphaTuned, seeds, rougeL,
                    exactMatch, continual, colla, tuning, runDirs, Map.of());
        }
    }

    /**
     * A paired test: reference minus baseline.
     *
     * @param paradigm mixed or sequential
     * @param method the reference row
     * @param baseline the other row
     * @param test {@code wilcoxon} (per-instance ROUGE-L pooled over seeds) or the bootstrap over tasks
     * @param difference the estimated difference (ROUGE-L points)
     * @param low the interval's lower bound (null when undefined)
     * @param high the interval's upper bound (null when undefined)
     * @param pValue the two-sided p-value, uncorrected (null when undefined)
     * @param pairs the number of pairs (instances × seeds, or tasks)
     */
    public record Comparison(String paradigm, String method, String baseline, String test, double difference,
            Double low, Double high, Double pValue, int pairs) {}
}
