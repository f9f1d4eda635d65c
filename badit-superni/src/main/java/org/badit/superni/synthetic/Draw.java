package org.badit.superni.synthetic;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Random inputs and the string operations the generators share; small alphabets keep the demo vocabulary small. */
final class Draw {

    /** Letters of the word tasks. */
    static final String LETTERS = "abcdefghijklmnopqrstuvwxyz";
    /** Short, distinct list items (3 letters each, so a 6-item list stays under 30 characters). */
    static final List<String> ITEMS = List.of("cat", "dog", "sun", "pen", "box", "cup", "hat", "map", "egg", "owl",
            "bee", "ink");
    /** Shortest and longest word of the word tasks; 8 keeps every output within 12 characters. */
    static final int MIN_WORD = 3;
    static final int MAX_WORD = 8;

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
        List<String> pool = new ArrayList<>(ITEMS);
        int n = between(random, 3, 6);
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(pool.remove(random.nextInt(pool.size())));
        }
        return out;
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
