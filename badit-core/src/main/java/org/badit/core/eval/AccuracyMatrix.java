package org.badit.core.eval;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.superni.metrics.ContinualMetrics;

/**
 * The accuracy matrix of sequential (continual) training: {@code a[i][j]} is the score (ROUGE-L or exact match,
 * 0–100) on task j after training stage i, i.e. after training tasks 0..i in order. Unmeasured entries are NaN.
 *
 * <p>An optional baseline row {@code b[j]} (the score before any training, or of single-task training) feeds
 * forward transfer. {@link #metrics()} computes Cl, Fgt, Bwt and Fwt with {@link ContinualMetrics}.
 */
public final class AccuracyMatrix {

    private final List<String> tasks;
    private final double[][] scores;
    private double[] baseline;

    /**
     * Creates an empty matrix.
     *
     * @param tasks the task names in training order (rows and columns)
     */
    public AccuracyMatrix(List<String> tasks) {
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("an accuracy matrix needs at least one task");
        }
        this.tasks = List.copyOf(tasks);
        this.scores = new double[tasks.size()][tasks.size()];
        for (double[] row : scores) {
            Arrays.fill(row, Double.NaN);
        }
    }

    /**
     * Returns the task names.
     *
     * @return the names, in training order
     */
    public List<String> tasks() {
        return tasks;
    }

    /**
     * Returns T, the number of tasks.
     *
     * @return the size
     */
    public int size() {
        return tasks.size();
    }

    /**
     * Sets the scores measured after one stage.
     *
     * @param stage the stage i (0-based)
     * @param row the score of every task j, length T
     */
    public void setRow(int stage, double[] row) {
        if (stage < 0 || stage >= size()) {
            throw new IllegalArgumentException("stage " + stage + " outside [0, " + size() + ")");
        }
        if (row.length != size()) {
            throw new IllegalArgumentException("row of stage " + stage + " has " + row.length + " scores, expected "
                    + size());
        }
        scores[stage] = row.clone();
    }

    /**
     * Sets the baseline scores b[j] used by forward transfer.
     *
     * @param row the score of every task j before training (or of single-task training), length T
     */
    public void setBaseline(double[] row) {
        if (row.length != size()) {
            throw new IllegalArgumentException("baseline has " + row.length + " scores, expected " + size());
        }
        this.baseline = row.clone();
    }

    /**
     * Returns one entry.
     *
     * @param stage the row i
     * @param task the column j
     * @return a[i][j], NaN when not measured
     */
    public double get(int stage, int task) {
        return scores[stage][task];
    }

    /**
     * Returns a copy of the matrix.
     *
     * @return T×T scores, NaN where not measured
     */
    public double[][] toArray() {
        double[][] out = new double[size()][];
        for (int i = 0; i < size(); i++) {
            out[i] = scores[i].clone();
        }
        return out;
    }

    /**
     * Returns the baseline.
     *
     * @return a copy of b, or null when none was set
     */
    public double[] baseline() {
        return baseline == null ? null : baseline.clone();
    }

    /**
     * Whether every entry is measured.
     *
     * @return true when no entry is NaN
     */
    public boolean isComplete() {
        return Arrays.stream(scores).flatMapToDouble(Arrays::stream).noneMatch(Double::isNaN);
    }

    /**
     * Computes Cl, Fgt, Bwt and (with a baseline) Fwt.
     *
     * @return the metrics
     * @throws IllegalStateException when some entry is not measured (e.g. a resumed run skipped earlier stages)
     */
    public ContinualMetrics metrics() {
        for (int i = 0; i < size(); i++) {
            for (int j = 0; j < size(); j++) {
                if (Double.isNaN(scores[i][j])) {
                    throw new IllegalStateException("accuracy matrix entry [" + i + "][" + j + "] (task "
                            + tasks.get(j) + " after stage " + i + ") was not measured");
                }
            }
        }
        return ContinualMetrics.of(toArray(), baseline);
    }

    /**
     * A JSON-ready view: {@code tasks}, {@code matrix}, {@code baseline} (when set) and, when complete, the
     * metrics {@code cl}, {@code fgt}, {@code bwt}, {@code fwt} (NaN Fwt omitted).
     *
     * @return the map
     */
    public Map<String, Object> toMap() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tasks", tasks);
        out.put("matrix", toArray());
        if (baseline != null) {
            out.put("baseline", baseline());
        }
        if (isComplete()) {
            ContinualMetrics m = metrics();
            out.put("cl", m.cl());
            out.put("fgt", m.fgt());
            out.put("bwt", m.bwt());
            if (!Double.isNaN(m.fwt())) {
                out.put("fwt", m.fwt());
            }
        }
        return out;
    }
}
