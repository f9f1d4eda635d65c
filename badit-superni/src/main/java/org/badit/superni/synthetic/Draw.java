package org.badit.superni.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Random inputs and the string operations the generators share; small alphabets keep the demo vocabulary small. */
final class Draw {

    /**
     * Letters of the word tasks: ten, so that sorting and comparing letters stay within reach of a 3-layer byte model
     * pre-trained for two minutes.
     */
    static final String LETTERS = "abcdefghij";
    /** Short, distinct list items (3 letters each, so a 6-item list stays under 30 characters). */
    static final List<String> ITEMS = List.of("cat", "dog", "sun", "pen", "box", "cup", "hat", "map", "egg", "owl",
            "bee", "ink");
    /**
     * Shortest and longest word of the word tasks: both 5 (suite v3). Words are written with a space between letters
     * ({@link #spaced}), so 5 letters are 9 characters. With one length every answer letter sits at a fixed distance
     * from the input letter it comes from, which a 3-layer byte model's rotary attention learns in minutes; with 3–5
     * letters (v2) copying needed content-addressed attention it never formed, and the base answered from each
     * task's prior whatever the input (docs/demo-calibration.md).
     */
    static final int MIN_WORD = 5;
    static final int MAX_WORD = 5;

    private Draw() {}

    static int between(Random random, int lo, int hiInclusive) {
        return lo + random.nextInt(hiInclusive - lo + 1);
    }

    static String word(Random random, String alphabet, int minLength, int maxLength) {
        int length = between(random, minLength, maxLength);
        StringBuilder sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String word(Random random) {
        return word(random, LETTERS, MIN_WORD, MAX_WORD);
    }

    /** Between 3 and 6 distinct items, drawn without replacement. */
    static List<String> items(Random random) {
        return items(random, between(random, 3, 6));
    }

    /** {@code n} distinct items, drawn without replacement. */
    static List<String> items(Random random, int n) {
        List<String> pool = new ArrayList<>(ITEMS);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(pool.remove(random.nextInt(pool.size())));
        }
        return out;
    }

    /**
     * A word with a space between its letters ({@code dbfa -> d b f a}). The official ROUGE-L compares whitespace
     * tokens, so on a run-together word it is exact match (all or nothing); letter by letter it gives partial credit
     * for a partly right answer, which is what makes the word tasks' scores graded instead of 0 or 100.
     */
    static String spaced(String word) {
        StringBuilder sb = new StringBuilder(word.length() * 2);
        for (int i = 0; i < word.length(); i++) {
            if (i > 0) {
                sb.append(' ');
            }
            sb.append(word.charAt(i));
        }
        return sb.toString();
    }

    static String reverse(String s) {
        return new StringBuilder(s).reverse().toString();
    }

    static String sortAscending(String s) {
        char[] c = s.toCharArray();
        Arrays.sort(c);
        return new String(c);
    }

    static String upper(String s) {
        // Locale.ROOT: the answer must not depend on the machine's locale (Turkish i).
        return s.toUpperCase(java.util.Locale.ROOT);
    }

    static String yesNo(boolean yes) {
        return yes ? "yes" : "no";
    }
}
