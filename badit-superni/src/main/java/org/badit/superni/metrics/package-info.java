/**
 * SuperNI's official metrics (exact match, ROUGE-L, ROUGE-1, both tracks) and continual-learning metrics.
 *
 * <p>May import: nothing else in BADIT-J.
 */
package org.badit.superni.metrics;
