/**
 * Statistics for comparing methods: Student-t intervals over seeds ({@link org.badit.superni.stats.Interval}),
 * paired tests of one method against a baseline ({@link org.badit.superni.stats.PairedTests}: Wilcoxon signed-rank
 * over instances, paired bootstrap over tasks) and one-line verdicts with Holm's correction over several baselines.
 * Distributions and tests come from Apache Commons Math 3.
 *
 * <p>May import: nothing else in BADIT-J.
 */
package org.badit.superni.stats;
