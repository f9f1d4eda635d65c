package org.badit.examples;

import java.nio.file.Path;
import java.util.List;
import org.badit.superni.data.EvaluationFiles;
import org.badit.superni.metrics.EvaluationReport;
import org.badit.superni.metrics.Prediction;
import org.badit.superni.metrics.Reference;
import org.badit.superni.metrics.SuperNiEvaluator;

/**
 * Scores a predictions file against references with the official SuperNI metrics (ROUGE-L, exact match; per task,
 * per category, overall).
 *
 * <pre>java -cp badit.jar org.badit.examples.ScorePredictions predictions.jsonl references.jsonl</pre>
 */
public final class ScorePredictions {

    private ScorePredictions() {}

    /**
     * Runs the example.
     *
     * @param args the predictions JSONL ({"id", "prediction"}) and references JSONL (the official format)
     * @throws Exception on unreadable or malformed files
     */
    public static void main(String[] args) throws Exception {
        List<Prediction> predictions = EvaluationFiles.readPredictions(Path.of(args[0]));
        List<Reference> references = EvaluationFiles.readReferences(Path.of(args[1]));
        EvaluationReport report = SuperNiEvaluator.builder().build().score(predictions, references);
        System.out.printf("overall: rougeL %.4f, exact_match %.4f%n", report.overall().rougeL(),
                report.overall().exactMatch());
        report.single().perTask().forEach((task, s) -> System.out.printf("  %-60s %8.4f%n", task, s.rougeL()));
    }
}
