package org.badit.superni.stats;

/**
 * The outcome of a paired test of a method against a baseline, as {@link PairedTests} computes it.
 *
 * @param method the name of the method under test, e.g. "BADIT"
 * @param baseline the name of the baseline, e.g. "LoRA"
 * @param difference mean(method) − mean(baseline)
 * @param low the lower end of the confidence interval of the difference
 * @param high the upper end of the confidence interval of the difference
 * @param pValue the two-sided p-value of "no difference"
 * @param pairs how many pairs the test used (instances for Wilcoxon, tasks for the bootstrap over tasks)
 * @param test which test produced the p-value, e.g. "Wilcoxon exact", "Wilcoxon normal", "bootstrap over tasks"
 */
public record PairedComparison(String method, String baseline, double difference, double low, double high,
        double pValue, int pairs, String test) {}
