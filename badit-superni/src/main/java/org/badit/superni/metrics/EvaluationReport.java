package org.badit.superni.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link SuperNiEvaluator#score}: one {@link TrackReport} per track present in the references, plus
 * what was wrong with the predictions (the official script ignores unknown ids and keeps the last of duplicated ones;
 * this report lists them so callers can warn or fail).
 *
 * @param tracks reports by track, in the official order (default, then xlingual)
 * @param unknownPredictionIds prediction ids with no reference (ignored)
 * @param duplicatePredictionIds prediction ids given more than once (the last one counts)
 */
public record EvaluationReport(Map<Track, TrackReport> tracks, List<String> unknownPredictionIds,
        List<String> duplicatePredictionIds) {

    /** Copies the collections. */
    public EvaluationReport {
        tracks = Collections.unmodifiableMap(new LinkedHashMap<>(tracks));
        unknownPredictionIds = List.copyOf(unknownPredictionIds);
        duplicatePredictionIds = List.copyOf(duplicatePredictionIds);
    }

    /**
     * The report of the only track, for the common single-track case.
     *
     * @return the single track's report
     * @throws IllegalStateException when there are zero or several tracks
     */
    public TrackReport single() {
        if (tracks.size() != 1) {
            throw new IllegalStateException("references hold " + tracks.size() + " tracks " + tracks.keySet()
                    + "; ask for one with track(...)");
        }
        return tracks.values().iterator().next();
    }

    /**
     * The overall scores of the only track.
     *
     * @return overall scores
     */
    public MetricScores overall() {
        return single().overall();
    }

    /**
     * The metrics as a flat JSON-ready map with the official script's key names: {@code exact_match}, {@code rougeL},
     * then {@code exact_match_for_<category>}, {@code rougeL_for_<category>} per category, then the same per task.
     * With {@code trackSuffix} (always the case when several tracks are present) each key ends in
     * {@code _<track>_track}, exactly the official {@code --output_file} format.
     *
     * @param trackSuffix whether to append {@code _<track>_track} to every key
     * @param withRouge1 whether to add {@code rouge1} keys (not in the official output)
     * @return the map, in the official order
     */
    public Map<String, Double> toOfficialMap(boolean trackSuffix, boolean withRouge1) {
        boolean suffix = trackSuffix || tracks.size() > 1;
        Map<String, Double> out = new LinkedHashMap<>();
        for (TrackReport report : tracks.values()) {
            String end = suffix ? "_" + report.track().key() + "_track" : "";
            put(out, "", end, report.overall(), withRouge1);
            report.perCategory().forEach((k, v) -> put(out, "_for_" + k, end, v, withRouge1));
            report.perTask().forEach((k, v) -> put(out, "_for_" + k, end, v, withRouge1));
        }
        return out;
    }

    private static void put(Map<String, Double> out, String middle, String end, MetricScores s, boolean rouge1) {
        out.put("exact_match" + middle + end, s.exactMatch());
        out.put("rougeL" + middle + end, s.rougeL());
        if (rouge1) {
            out.put("rouge1" + middle + end, s.rouge1());
        }
    }
}
