/** Tokenizers: a checkpoint's {@code tokenizer.json} ({@link org.badit.core.tokenizer.HfTokenizer}) or UTF-8 bytes. */
package org.badit.core.tokenizer;
