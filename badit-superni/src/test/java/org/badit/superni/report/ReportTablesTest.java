package org.badit.superni.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.badit.superni.metrics.EvaluationReport;
import org.badit.superni.metrics.Prediction;
import org.badit.superni.metrics.Reference;
import org.badit.superni.metrics.SuperNiEvaluator;
import org.badit.superni.metrics.Track;
import org.junit.jupiter.api.Test;

/** Markdown and CSV tables carry the report's numbers, per category and per task. */
class ReportTablesTest {

    private static EvaluationReport report() {
        List<Reference> refs = List.of(new Reference("1", List.of("yes"), "task1_a,b", "Word Analogy", Track.DEFAULT),
                new Reference("2", List.of("no"), "task2", "Textual Entailment", Track.DEFAULT));
        return SuperNiEvaluator.builder().build().score(List.of(new Prediction("1", "Yes.")), refs);
    }

    @Test
    void csvRows() {
        assertEquals("""
                track,level,name,n,exact_match,rougeL,rouge1
                default,overall,overall,2,50.0000,50.0000,50.0000
                default,category,word_analogy,1,100.0000,100.0000,100.0000
                default,category,textual_entailment,1,0.0000,0.0000,0.0000
                default,task,"task1_a,b",1,100.0000,100.0000,100.0000
                default,task,task2,1,0.0000,0.0000,0.0000
                """, ReportTables.csv(report()));
    }

    @Test
    void markdownTables() {
        String md = ReportTables.markdown(report());
        assertTrue(md.startsWith("## SuperNI default track\n"), md);
        assertTrue(md.contains("| overall | 2 | 50.0000 | 50.0000 | 50.0000 |"), md);
        assertTrue(md.contains("| word_analogy | 1 | 100.0000 | 100.0000 | 100.0000 |"), md);
        assertTrue(md.contains("| task2 | 1 | 0.0000 | 0.0000 | 0.0000 |"), md);
    }
}
