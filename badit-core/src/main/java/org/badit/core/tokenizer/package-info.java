/**
 * Tokenizers: a checkpoint's {@code tokenizer.json} ({@link org.badit.core.tokenizer.HfTokenizer}) or UTF-8 bytes.
 *
 * <p>May import: {@code org.badit.core.model}.
 */
package org.badit.core.tokenizer;
