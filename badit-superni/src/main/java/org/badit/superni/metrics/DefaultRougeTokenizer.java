package org.badit.superni.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * rouge-score's default tokenizer ({@code tokenize.tokenize}), used by the SuperNI default (English) track: lower
 * case, every character outside {@code [a-z0-9]} becomes a separator, and, with stemming on, tokens longer than 3
 * characters go through the {@link PorterStemmer} (NLTK_EXTENSIONS mode).
 *
 * <p>Lower-casing follows Python's {@code str.lower()} (full Unicode case mapping), so that e.g. {@code U+0130} gives
 * {@code i} followed by a combining dot, which is then a separator; the Kelvin sign gives {@code k}. Every other
 * non-ASCII character is dropped: CJK, Greek or Cyrillic text has no tokens at all in this track.
 */
public final class DefaultRougeTokenizer implements RougeTokenizer {

    private static final PorterStemmer STEMMER = new PorterStemmer();

    private final boolean stem;

    /**
     * Creates the tokenizer.
     *
     * @param stem whether to stem tokens longer than 3 characters (the SuperNI evaluation does)
     */
    public DefaultRougeTokenizer(boolean stem) {
        this.stem = stem;
    }

    /** {@inheritDoc} */
    @Override
    public List<String> tokenize(String text) {
        String lower = isAscii(text) ? asciiLower(text) : text.toLowerCase(Locale.ROOT);
        List<String> tokens = new ArrayList<>();
        int start = -1;
        for (int i = 0, n = lower.length(); i <= n; i++) {
            boolean alnum = i < n && isAsciiAlnum(lower.charAt(i));
            if (alnum && start < 0) {
                start = i;
            } else if (!alnum && start >= 0) {
                String token = lower.substring(start, i);
                tokens.add(stem && token.length() > 3 ? STEMMER.stem(token) : token);
                start = -1;
            }
        }
        return tokens;
    }

    private static boolean isAsciiAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    private static String asciiLower(String s) {
        char[] chars = s.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            char c = chars[i];
            if (c >= 'A' && c <= 'Z') {
                chars[i] = (char) (c + ('a' - 'A'));
            }
        }
        return new String(chars);
    }
}
