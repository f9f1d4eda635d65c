package org.badit.superni.prompt;

/**
 * Reads the model's answer out of generated text, as the BADIT evaluation protocol does: the text after the last
 * {@code Output:}, stripped of surrounding whitespace. Decoders that return only the new tokens have no
 * {@code Output:} in them; then the whole text (stripped) is the answer.
 */
public final class AnswerExtractor {

    private static final String MARKER = "Output:";

    private AnswerExtractor() {}

    /**
     * Extracts the answer.
     *
     * @param generated the decoded text (prompt + continuation, or the continuation alone)
     * @return the answer
     */
    public static String answer(String generated) {
        int at = generated.lastIndexOf(MARKER);
        String tail = at < 0 ? generated : generated.substring(at + MARKER.length());
        return TkInstructPrompt.strip(tail);
    }
}
