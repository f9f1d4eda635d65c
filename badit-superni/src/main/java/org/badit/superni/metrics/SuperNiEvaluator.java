package org.badit.superni.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SuperNI's official evaluation ({@code eval/automatic/evaluation.py} of natural-instructions) in Java: per instance
 * the maximum over references of exact match and ROUGE-L F (and ROUGE-1), then per track the mean ×100 rounded to 4
 * decimals, overall, per category and per task.
 *
 * <p>Matching predictions to references follows the official script: a reference without a prediction is scored as
 * the empty string (counted in {@link TrackReport#missingIds()}); a prediction id given twice counts with its last
 * value; a prediction id with no reference is ignored; a reference id given twice keeps its first position and its
 * last content. The script does all this silently; here each case is logged as a warning and listed in the
 * {@link EvaluationReport}, and {@link Builder#optStrict(boolean) strict} mode turns unknown and duplicate ids into
 * errors.
 *
 * <pre>{@code
 * EvaluationReport r = SuperNiEvaluator.builder().build().score(predictions, references);
 * double rougeL = r.overall().rougeL();
 * }</pre>
 */
public final class SuperNiEvaluator {

    private static final Logger logger = LoggerFactory.getLogger(SuperNiEvaluator.class);

    private final boolean strict;

    private SuperNiEvaluator(Builder builder) {
        this.strict = builder.strict;
    }

    /**
     * Creates a builder.
     *
     * @return a builder with the official behaviour (not strict)
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Scores one prediction against its references: each metric is the maximum over the references.
     *
     * @param id the instance id (carried into the result)
     * @param prediction the prediction
     * @param references the references, at least one
     * @param track the track, which picks the ROUGE tokenizer
     * @return the instance's scores
     */
    public static InstanceScore scoreInstance(String id, String prediction, List<String> references, Track track) {
        if (references.isEmpty()) {
            throw new IllegalArgumentException("instance " + id + ": references must not be empty");
        }
        RougeTokenizer tokenizer = track.tokenizer();
        List<String> predictionTokens = tokenizer.tokenize(prediction);
        int em = 0;
        double rougeL = Double.NEGATIVE_INFINITY;
        double rouge1 = Double.NEGATIVE_INFINITY;
        for (String reference : references) {
            if (em == 0 && ExactMatch.matches(prediction, reference)) {
                em = 1;
            }
            List<String> referenceTokens = tokenizer.tokenize(reference);
            rougeL = Math.max(rougeL, Rouge.rougeL(predictionTokens, referenceTokens));
            rouge1 = Math.max(rouge1, Rouge.rouge1(predictionTokens, referenceTokens));
        }
        return new InstanceScore(id, em, rougeL, rouge1, false);
    }

    /**
     * Scores predictions against references, per track, overall, per category and per task.
     *
     * @param predictions the predictions (any order)
     * @param references the references; their order fixes the order of groups and of the summation
     * @return the report
     * @throws IllegalArgumentException in strict mode, for unknown or duplicate ids
     */
    public EvaluationReport score(List<Prediction> predictions, List<Reference> references) {
        Map<String, Reference> byId = new LinkedHashMap<>();
        List<String> duplicateReferences = new ArrayList<>();
        for (Reference r : references) {
            if (byId.put(r.id(), r) != null) {
                duplicateReferences.add(r.id());
            }
        }
        Map<String, String> predicted = new HashMap<>();
        Set<String> duplicates = new LinkedHashSet<>();
        Set<String> unknown = new LinkedHashSet<>();
        for (Prediction p : predictions) {
            if (predicted.put(p.id(), p.prediction()) != null) {
                duplicates.add(p.id());
            }
            if (!byId.containsKey(p.id())) {
                unknown.add(p.id());
            }
        }
        report("reference", duplicateReferences, "given more than once; the last one counts");
        report("prediction", duplicates, "given more than once; the last one counts");
        report("prediction", unknown, "not among the references; ignored");

        Map<Track, List<Reference>> byTrack = new EnumMap<>(Track.class);
        for (Reference r : byId.values()) {
            byTrack.computeIfAbsent(r.track(), t -> new ArrayList<>()).add(r);
        }
        Map<Track, TrackReport> tracks = new LinkedHashMap<>();
        byTrack.forEach((track, refs) -> tracks.put(track, scoreTrack(track, refs, predicted)));
        return new EvaluationReport(tracks, new ArrayList<>(unknown), new ArrayList<>(duplicates));
    }

    private void report(String what, Collection<String> ids, String consequence) {
        if (ids.isEmpty()) {
            return;
        }
        String message = ids.size() + " " + what + " id(s) " + consequence + ": " + preview(ids);
        if (strict) {
            throw new IllegalArgumentException(message);
        }
        logger.warn(message);
    }

    private static String preview(Collection<String> ids) {
        List<String> list = new ArrayList<>(ids);
        return list.size() <= 5 ? list.toString() : list.subList(0, 5) + " ...";
    }

    private static TrackReport scoreTrack(Track track, List<Reference> refs, Map<String, String> predicted) {
        // As the official script: per-category / per-task metrics only when the first reference has the field.
        boolean byCategory = refs.get(0).category() != null;
        boolean byTask = refs.get(0).taskId() != null;
        MetricScores.Accumulator overall = new MetricScores.Accumulator();
        Map<String, MetricScores.Accumulator> categories = new LinkedHashMap<>();
        Map<String, MetricScores.Accumulator> tasks = new LinkedHashMap<>();
        List<InstanceScore> instances = new ArrayList<>(refs.size());
        List<String> missing = new ArrayList<>();
        for (Reference r : refs) {
            String prediction = predicted.get(r.id());
            InstanceScore s = scoreInstance(r.id(), prediction == null ? "" : prediction, r.references(), track);
            if (prediction == null) {
                missing.add(r.id());
                s = new InstanceScore(s.id(), s.exactMatch(), s.rougeL(), s.rouge1(), true);
            }
            instances.add(s);
            overall.add(s);
            if (byCategory) {
                categories.computeIfAbsent(requireField(r, r.categoryKey(), "task_category"),
                        k -> new MetricScores.Accumulator()).add(s);
            }
            if (byTask) {
                tasks.computeIfAbsent(requireField(r, r.taskId(), "task_id"), k -> new MetricScores.Accumulator())
                        .add(s);
            }
        }
        if (!missing.isEmpty()) {
            logger.warn("No prediction for {} {}-track instances: scored as the empty string, e.g. {}",
                    missing.size(), track.key(), preview(missing));
        }
        Map<String, MetricScores> perCategory = new LinkedHashMap<>();
        categories.forEach((k, v) -> perCategory.put(k, v.finish()));
        Map<String, MetricScores> perTask = new LinkedHashMap<>();
        tasks.forEach((k, v) -> perTask.put(k, v.finish()));
        return new TrackReport(track, overall.finish(), perCategory, perTask, instances, missing);
    }

    private static String requireField(Reference r, String value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("reference " + r.id() + ": field \"" + field
                    + "\" is missing although the first reference of its track has it");
        }
        return value;
    }

    /** Builds a {@link SuperNiEvaluator}. */
    public static final class Builder {
        private boolean strict;

        Builder() {}

        /**
         * Makes unknown and duplicate ids errors instead of warnings (the official script accepts them silently).
         *
         * @param strict whether to fail on unknown or duplicate ids
         * @return this builder
         */
        public Builder optStrict(boolean strict) {
            this.strict = strict;
            return this;
        }

        /**
         * Builds the evaluator.
         *
         * @return the evaluator
         */
        public SuperNiEvaluator build() {
            return new SuperNiEvaluator(this);
        }
    }
}
