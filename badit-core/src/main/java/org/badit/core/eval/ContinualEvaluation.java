package org.badit.core.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.badit.core.train.TrainingListener;
import org.badit.superni.SuperNiTask;
import org.badit.superni.metrics.MetricScores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills an {@link AccuracyMatrix} during sequential training: at the end of stage i the evaluator decodes the test
 * split of every task and row i receives each task's score. Register it with the {@code Trainer}'s listeners.
 *
 * <p>The test tasks must be in training order (task j of this list is trained in stage j), which is what the
 * trainer's sequential mode does with task indices. A stage whose task name disagrees is an error, since the
 * metrics' diagonal would then be wrong. A resumed run calls no listener for stages finished before the resume;
 * their rows stay unmeasured and {@link AccuracyMatrix#metrics()} says which.
 *
 * <pre>{@code
 * ContinualEvaluation ce = new ContinualEvaluation(evaluator, testTasks);
 * ce.evaluateBaseline(); // optional: zero-shot scores for Fwt
 * new Trainer(config, List.of(ce)).fit(model, examples, padId, false);
 * ContinualMetrics m = ce.matrix().metrics();
 * }</pre>
 */
public final class ContinualEvaluation implements TrainingListener {

    private static final Logger LOG = LoggerFactory.getLogger(ContinualEvaluation.class);

    /** Which official score fills the matrix. */
    public enum Score {
        /** ROUGE-L, 0–100 (the paper's metric). */
        ROUGE_L,
        /** Exact match, 0–100. */
        EXACT_MATCH;

        double of(MetricScores s) {
            return this == ROUGE_L ? s.rougeL() : s.exactMatch();
        }
    }

    private final Evaluator evaluator;
    private final List<SuperNiTask> tasks;
    private final Score score;
    private final AccuracyMatrix matrix;
    private final List<EvaluationResult> results = new ArrayList<>();

    /**
     * Creates the listener, scoring with ROUGE-L.
     *
     * @param evaluator the evaluator (its model is the one being trained)
     * @param tasks the test tasks, in training order
     */
    public ContinualEvaluation(Evaluator evaluator, List<SuperNiTask> tasks) {
        this(evaluator, tasks, Score.ROUGE_L);
    }

    /**
     * Creates the listener.
     *
     * @param evaluator the evaluator (its model is the one being trained)
     * @param tasks the test tasks, in training order
     * @param score which score fills the matrix
     */
    public ContinualEvaluation(Evaluator evaluator, List<SuperNiTask> tasks, Score score) {
        this.evaluator = evaluator;
        this.tasks = List.copyOf(tasks);
        this.score = score;
        this.matrix = new AccuracyMatrix(this.tasks.stream().map(SuperNiTask::name).toList());
    }

    /**
     * Scores every task with the model as it is now (before training) and stores it as the Fwt baseline.
     *
     * @return the evaluation
     */
    public EvaluationResult evaluateBaseline() {
        EvaluationResult r = evaluator.evaluate(tasks);
        matrix.setBaseline(row(r));
        return r;
    }

    /** {@inheritDoc} */
    @Override
    public void onStageEnd(int stage, String task) {
        if (task == null) {
            throw new IllegalStateException("ContinualEvaluation needs sequential training (stage " + stage
                    + " has no task); evaluate mixed training with Evaluator.evaluate");
        }
        if (stage >= tasks.size() || !tasks.get(stage).name().equals(task)) {
            throw new IllegalStateException("stage " + stage + " trained task " + task + " but the test tasks hold "
                    + (stage < tasks.size() ? tasks.get(stage).name() : "only " + tasks.size() + " tasks")
                    + " there: give the test tasks in training order");
        }
        EvaluationResult r = evaluator.evaluate(tasks);
        double[] row = row(r);
        matrix.setRow(stage, row);
        results.add(r);
        LOG.info("after stage {} ({}): {} per task {}", stage, task, score, format(row));
    }

    /**
     * Returns the matrix filled so far.
     *
     * @return the matrix (live: later stages fill more rows)
     */
    public AccuracyMatrix matrix() {
        return matrix;
    }

    /**
     * Returns the evaluations of the stages measured, in order.
     *
     * @return the results
     */
    public List<EvaluationResult> results() {
        return Collections.unmodifiableList(results);
    }

    private double[] row(EvaluationResult r) {
        double[] row = new double[tasks.size()];
        for (int j = 0; j < row.length; j++) {
            row[j] = score.of(r.task(tasks.get(j).name()));
        }
        return row;
    }

    private static String format(double[] row) {
        StringBuilder out = new StringBuilder("[");
        for (int j = 0; j < row.length; j++) {
            out.append(j == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.2f", row[j]));
        }
        return out.append(']').toString();
    }
}
