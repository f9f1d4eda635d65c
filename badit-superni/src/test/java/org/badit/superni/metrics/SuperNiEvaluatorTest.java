package org.badit.superni.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matching, aggregation and rounding rules of the official script. */
class SuperNiEvaluatorTest {

    private static Reference ref(String id, String task, String category, Track track, String... refs) {
        return new Reference(id, List.of(refs), task, category, track);
    }

    @Test
    void missingPredictionScoresAsEmptyString() {
        List<Reference> refs = List.of(ref("a", "t1", "Textual Entailment", Track.DEFAULT, "yes"),
                ref("b", "t1", "Textual Entailment", Track.DEFAULT, ""));
        EvaluationReport r = SuperNiEvaluator.builder().build().score(List.of(), refs);
        // "" vs "yes": 0; "" vs "": exact match 1 (both normalize to ""), ROUGE-L 0 (no tokens).
        assertEquals(50.0, r.overall().exactMatch());
        assertEquals(0.0, r.overall().rougeL());
        assertEquals(List.of("a", "b"), r.single().missingIds());
        assertTrue(r.single().instances().get(0).missing());
    }

    @Test
    void duplicatesLastWinsUnknownIgnoredStrictFails() {
        List<Reference> refs = List.of(ref("a", "t1", "C", Track.DEFAULT, "blue"));
        List<Prediction> preds = List.of(new Prediction("a", "red"), new Prediction("zzz", "x"),
                new Prediction("a", "blue"));
        EvaluationReport r = SuperNiEvaluator.builder().build().score(preds, refs);
        assertEquals(100.0, r.overall().rougeL());
        assertEquals(List.of("zzz"), r.unknownPredictionIds());
        assertEquals(List.of("a"), r.duplicatePredictionIds());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SuperNiEvaluator.builder().optStrict(true).build().score(preds, refs));
        assertTrue(e.getMessage().contains("a"), e.getMessage());
    }

    @Test
    void groupsPerTaskAndCategoryWithOfficialKeysAndOrder() {
        List<Reference> refs = List.of(
                ref("1", "task9_b", "Word  Analogy", Track.DEFAULT, "x"),
                ref("2", "task1_a", "Textual Entailment", Track.DEFAULT, "y"),
                ref("3", "task9_b", "Word  Analogy", Track.DEFAULT, "z"));
        List<Prediction> preds = List.of(new Prediction("1", "x"), new Prediction("2", "n"), new Prediction("3", "n"));
        EvaluationReport r = SuperNiEvaluator.builder().build().score(preds, refs);
        Map<String, Double> m = r.toOfficialMap(false, false);
        assertEquals(List.of("exact_match", "rougeL", "exact_match_for_word_analogy", "rougeL_for_word_analogy",
                "exact_match_for_textual_entailment", "rougeL_for_textual_entailment", "exact_match_for_task9_b",
                "rougeL_for_task9_b", "exact_match_for_task1_a", "rougeL_for_task1_a"), List.copyOf(m.keySet()));
        assertEquals(33.3333, m.get("exact_match"));
        assertEquals(50.0, m.get("rougeL_for_task9_b"));
        assertTrue(r.toOfficialMap(true, true).containsKey("rouge1_for_task1_a_default_track"));
    }

    @Test
    void twoTracksAlwaysGetTrackSuffixes() {
        List<Reference> refs = List.of(ref("1", "t", "C", Track.XLINGUAL, "我爱北京"),
                ref("2", "t2", "C", Track.DEFAULT, "我爱北京"));
        List<Prediction> preds = List.of(new Prediction("1", "我爱北京"), new Prediction("2", "我爱北京"));
        EvaluationReport r = SuperNiEvaluator.builder().build().score(preds, refs);
        Map<String, Double> m = r.toOfficialMap(false, false);
        // Default track first, as in the official loop; CJK has no tokens there but is a full match in xlingual.
        assertEquals("exact_match_default_track", m.keySet().iterator().next());
        assertEquals(0.0, m.get("rougeL_default_track"));
        assertEquals(100.0, m.get("rougeL_xlingual_track"));
        assertThrows(IllegalStateException.class, r::single);
    }

    @Test
    void roundingIsPythonsHalfEvenOnTheBinaryValue() {
        assertEquals(0.0312, MetricScores.round4(0.03125)); // exact tie in binary -> even
        // Values printed by Python's round(x, 4): the binary value decides, not the decimal spelling.
        assertEquals(0.0314, MetricScores.round4(0.03135)); // slightly above the tie in binary
        assertEquals(0.0314, MetricScores.round4(0.03145)); // slightly below the tie in binary
        assertEquals(2.0, MetricScores.round4(2.00005));
        assertEquals(1.0002, MetricScores.round4(1.00015));
        assertEquals(33.3333, MetricScores.round4(100.0 / 3));
        assertEquals(66.6667, MetricScores.round4(200.0 / 3));
    }

    @Test
    void emptyReferencesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> ref("x", "t", "C", Track.DEFAULT));
    }
}
