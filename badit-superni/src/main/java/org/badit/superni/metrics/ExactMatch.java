package org.badit.superni.metrics;

import java.util.Locale;

/**
 * Exact match as SuperNI's {@code evaluation.py}: both sides normalized by {@code normalize_answer} — Python
 * {@code str.lower()}, removal of the 32 ASCII characters of {@code string.punctuation}, and whitespace collapsed
 * ({@code ' '.join(s.split())}, where Python's {@code split()} also splits on Unicode spaces such as NBSP). Unlike
 * SQuAD's original, articles are <em>not</em> removed (the official script comments that step out). The same
 * normalization serves both tracks.
 */
public final class ExactMatch {

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private ExactMatch() {}

    /**
     * Whether a prediction matches a reference after normalization.
     *
     * @param prediction the prediction
     * @param reference the reference
     * @return true when the normalized strings are equal
     */
    public static boolean matches(String prediction, String reference) {
        return normalize(prediction).equals(normalize(reference));
    }

    /**
     * SuperNI's {@code normalize_answer}.
     *
     * @param text the text
     * @return lower case, without ASCII punctuation, whitespace runs collapsed to one space and trimmed
     */
    public static String normalize(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder(lower.length());
        boolean pendingSpace = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (PUNCTUATION.indexOf(c) >= 0) {
                continue;
            }
            if (isPythonSpace(c)) {
                pendingSpace = out.length() > 0;
                continue;
            }
            if (pendingSpace) {
                out.append(' ');
                pendingSpace = false;
            }
            out.append(c);
        }
        return out.toString();
    }

    /**
     * Python's {@code str.isspace()} for one UTF-16 unit (all such characters are in the BMP).
     *
     * @param c the character
     * @return whether Python's {@code str.split()} splits on it
     */
    public static boolean isPythonSpace(char c) {
        switch (c) {
            case ' ': case '\t': case '\n': case 0x0B: case '\f': case '\r':
            case 0x1C: case 0x1D: case 0x1E: case 0x1F: case 0x85: case 0xA0:
            case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
                return true;
            default:
                return c >= 0x2000 && c <= 0x200A;
        }
    }
}
