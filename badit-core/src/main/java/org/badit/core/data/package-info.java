/**
 * Training examples: SuperNI instances rendered by a prompt template and tokenized ({@link
 * org.badit.core.data.SuperNiExamples}), and padded batches with their loss masks ({@link org.badit.core.data.Batch}).
 *
 * <p>May import: {@code org.badit.core.tokenizer}, {@code org.badit.superni}, {@code org.badit.superni.prompt}.
 */
package org.badit.core.data;
