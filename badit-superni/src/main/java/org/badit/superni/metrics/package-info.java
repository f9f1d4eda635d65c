/** SuperNI's official metrics (exact match, ROUGE-L, ROUGE-1, both tracks) and continual-learning metrics. */
package org.badit.superni.metrics;
