package org.badit.superni.metrics;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The metrics of one track. Maps keep the order in which groups first appear among the references, as the official
 * script's dictionaries do.
 *
 * @param track the track
 * @param overall scores over all its instances
 * @param perCategory scores per category key (e.g. {@code textual_entailment}); empty when references carry none
 * @param perTask scores per task id; empty when references carry none
 * @param instances per-instance scores, in reference order
 * @param missingIds ids with no prediction (scored as the empty string)
 */
public record TrackReport(Track track, MetricScores overall, Map<String, MetricScores> perCategory,
        Map<String, MetricScores> perTask, List<InstanceScore> instances, List<String> missingIds) {

    /** Copies the collections (keeping order). */
    public TrackReport {
        perCategory = Collections.unmodifiableMap(new LinkedHashMap<>(perCategory));
        perTask = Collections.unmodifiableMap(new LinkedHashMap<>(perTask));
        instances = List.copyOf(instances);
        missingIds = List.copyOf(missingIds);
    }
}
