package org.badit.superni.metrics;

import java.util.List;

/** Splits a text into the tokens ROUGE compares, as rouge-score's {@code Tokenizer.tokenize}. */
public interface RougeTokenizer {

    /**
     * Tokenizes one text.
     *
     * @param text the text (prediction or reference)
     * @return its tokens, in order
     */
    List<String> tokenize(String text);
}
