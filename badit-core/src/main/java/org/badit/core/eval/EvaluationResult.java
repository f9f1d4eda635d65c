package org.badit.core.eval;

import com.google.gson.GsonBuilder;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.lora.io.AtomicFiles;
import org.badit.superni.metrics.EvaluationReport;
import org.badit.superni.metrics.MetricScores;
import org.badit.superni.metrics.Prediction;

/**
 * What {@link Evaluator#evaluate} produced: the predictions and the official report.
 *
 * @param predictions one per instance, in task then instance order, with the instances' official ids
 * @param report the official metrics (overall, per category, per task; ×100, 4 decimals)
 * @param throughput how fast it ran and where the time went (null when not measured)
 */
public record EvaluationResult(List<Prediction> predictions, EvaluationReport report,
        EvaluationThroughput throughput) {

    /** Copies the list. */
    public EvaluationResult {
        predictions = List.copyOf(predictions);
    }

    /**
     * A result without throughput figures (e.g. scored from files).
     *
     * @param predictions one per instance
     * @param report the official metrics
     */
    public EvaluationResult(List<Prediction> predictions, EvaluationReport report) {
        this(predictions, report, null);
    }

    /**
     * Writes {@link #throughput()} as one JSON object.
     *
     * @param file the output file
     * @throws IllegalStateException when the throughput was not measured
     */
    public void writeThroughput(Path file) {
        if (throughput == null) {
            throw new IllegalStateException("this result has no throughput figures");
        }
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(throughput.toMap());
        AtomicFiles.writeString(file, json + "\n");
    }

    /**
     * The scores of one task.
     *
     * @param task the task name (its {@code task_id})
     * @return the task's scores
     * @throws IllegalArgumentException when the report has no such task
     */
    public MetricScores task(String task) {
        MetricScores s = report.single().perTask().get(task);
        if (s == null) {
            throw new IllegalArgumentException("no task \"" + task + "\" in the report; tasks: "
                    + report.single().perTask().keySet());
        }
        return s;
    }

    /**
     * The metrics with the official script's keys ({@code exact_match}, {@code rougeL},
     * {@code rougeL_for_<category>}, {@code rougeL_for_<task>}, ...).
     *
     * @return key to value, in the official order
     */
    public Map<String, Double> officialMetrics() {
        return report.toOfficialMap(false, false);
    }

    /**
     * Writes the predictions in the official JSONL format, one {@code {"id", "prediction"}} object per line
     * (atomically: a temp file renamed over the target).
     *
     * @param file the output file
     */
    public void writePredictions(Path file) {
        com.google.gson.Gson gson = new GsonBuilder().disableHtmlEscaping().create();
        AtomicFiles.write(file, channel -> {
            // Not Channels.newWriter: its encoder writes to the channel once and drops the rest of a short write
            // (a full disk or a size limit), which would commit a truncated file. This stream loops until done.
            Writer w = new java.io.BufferedWriter(new java.io.OutputStreamWriter(Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8));
            for (Prediction p : predictions) {
                Map<String, String> line = new LinkedHashMap<>();
                line.put("id", p.id());
                line.put("prediction", p.prediction());
                w.write(gson.toJson(line));
                w.write('\n');
            }
            w.flush();
        });
    }

    /**
     * Writes {@link #officialMetrics()} as one JSON object, as the official script's {@code --output_file}.
     *
     * @param file the output file
     */
    public void writeMetrics(Path file) {
        String json = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(officialMetrics());
        AtomicFiles.writeString(file, json + "\n");
    }
}
