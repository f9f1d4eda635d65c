package org.badit.superni.metrics;

/**
 * The scores of one instance, each the maximum over its references, unscaled.
 *
 * @param id the instance id
 * @param exactMatch 1 when the prediction matches a reference after normalization, else 0
 * @param rougeL the best ROUGE-L F-measure in [0, 1]
 * @param rouge1 the best ROUGE-1 F-measure in [0, 1]
 * @param missing whether no prediction was given (scored as the empty string)
 */
public record InstanceScore(String id, int exactMatch, double rougeL, double rouge1, boolean missing) {}
