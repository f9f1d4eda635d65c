package org.badit.core.tokenizer;

import java.util.List;

/**
 * Text to token ids and back, with the special ids generation and training need.
 *
 * <p>Implementations: {@link HfTokenizer} (a checkpoint's {@code tokenizer.json}) and {@link ByteTokenizer} (UTF-8
 * bytes, for models trained from scratch).
 */
public interface Tokenizer extends AutoCloseable {

    /**
     * Encodes text, adding the tokenizer's special tokens (e.g. BOS) as the model was trained with.
     *
     * @param text the text
     * @return the token ids
     */
    default int[] encode(String text) {
        return encode(text, true);
    }

    /**
     * Encodes text.
     *
     * @param text the text
     * @param addSpecialTokens whether to add the special tokens (BOS) the tokenizer adds by default
     * @return the token ids
     */
    int[] encode(String text, boolean addSpecialTokens);

    /**
     * Decodes ids to text, dropping special tokens (BOS, EOS, padding).
     *
     * @param ids the token ids
     * @return the text
     */
    default String decode(int[] ids) {
        return decode(ids, true);
    }

    /**
     * Decodes ids to text.
     *
     * @param ids the token ids
     * @param skipSpecialTokens whether to drop special tokens
     * @return the text
     */
    String decode(int[] ids, boolean skipSpecialTokens);

    /**
     * Returns the beginning-of-sequence id.
     *
     * @return the id, or null when the model uses none
     */
    Integer bosId();

    /**
     * Returns the end-of-sequence ids (Llama 3 has several).
     *
     * @return the ids, possibly empty
     */
    List<Integer> eosIds();

    /**
     * Returns the padding id.
     *
     * @return the pad id, else the first EOS id, else 0
     */
    int padId();

    /**
     * Returns the size of the id space.
     *
     * @return one more than the largest id
     */
    int vocabSize();

    /** Frees native resources, if any. */
    @Override
    default void close() {}
}
