/**
 * Task affinities measured on a model, for {@link org.badit.clustering.tasks.TaskGrouping}: the cosine of per-task
 * adapter gradients ({@link org.badit.core.grouping.GradientAffinity}) and the change in a task's validation loss
 * after a few steps on another ({@link org.badit.core.grouping.LossAffinity}), both asked per group of tasks so the
 * adaptive grouping only pays for the pairs it needs. See {@code docs/clustering.md}.
 *
 * <p>May import: {@code org.badit.clustering.tasks}, {@code org.badit.core.data}, {@code org.badit.core.eval},
 * {@code org.badit.core.method}, {@code org.badit.core.model}, {@code org.badit.core.train}.
 */
package org.badit.core.grouping;
