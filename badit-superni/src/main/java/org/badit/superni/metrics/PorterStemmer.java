package org.badit.superni.metrics;

import java.util.Map;

/**
 * The Porter stemmer exactly as NLTK's {@code PorterStemmer()} computes it in its default {@code NLTK_EXTENSIONS}
 * mode, which is the stemmer rouge-score uses. Input is expected in lower case (rouge-score lower-cases first).
 *
 * <p>The NLTK mode departs from the 1980 paper in a few places, all reproduced here: a table of irregular forms,
 * words of one or two characters returned unchanged, {@code ies -> ie} and {@code ied -> ie} for four-letter
 * words, {@code ied -> i} otherwise, the step-1c rule {@code (*c and not c) y -> i}, {@code alli} handled before the
 * other step-2 rules (and step 2 re-run), {@code bli -> ble}, {@code fulli -> ful}, {@code logi -> log} with the
 * {@code l} counted in the stem, and the {@code *o} condition that also accepts a two-letter vowel-consonant stem.
 *
 * <p>Instances are stateless and thread safe.
 */
public final class PorterStemmer {

    private static final Map<String, String> IRREGULAR = Map.ofEntries(
            Map.entry("sky", "sky"), Map.entry("skies", "sky"),
            Map.entry("dying", "die"), Map.entry("lying", "lie"), Map.entry("tying", "tie"),
            Map.entry("news", "news"),
            Map.entry("innings", "inning"), Map.entry("inning", "inning"),
            Map.entry("outings", "outing"), Map.entry("outing", "outing"),
            Map.entry("cannings", "canning"), Map.entry("canning", "canning"),
            Map.entry("howe", "howe"),
            Map.entry("proceed", "proceed"), Map.entry("exceed", "exceed"), Map.entry("succeed", "succeed"));

    /** A condition on the stem left after removing a suffix. */
    private interface Condition {
        boolean test(String stem);
    }

    /** One suffix rule: when the word ends with {@code suffix}, the first such rule decides. */
    private record Rule(String suffix, String replacement, Condition condition) {}

    private static final Condition POSITIVE = stem -> measure(stem) > 0;
    private static final Condition GREATER_THAN_ONE = stem -> measure(stem) > 1;

    private static final Rule[] STEP1A = {
        new Rule("sses", "ss", null), new Rule("ies", "i", null), new Rule("ss", "ss", null), new Rule("s", "", null),
    };

    private static final Rule[] STEP3 = {
        new Rule("icate", "ic", POSITIVE), new Rule("ative", "", POSITIVE), new Rule("alize", "al", POSITIVE),
        new Rule("iciti", "ic", POSITIVE), new Rule("ical", "ic", POSITIVE), new Rule("ful", "", POSITIVE),
        new Rule("ness", "", POSITIVE),
    };

    private static final Rule[] STEP4 = {
        new Rule("al", "", GREATER_THAN_ONE), new Rule("ance", "", GREATER_THAN_ONE),
        new Rule("ence", "", GREATER_THAN_ONE), new Rule("er", "", GREATER_THAN_ONE),
        new Rule("ic", "", GREATER_THAN_ONE), new Rule("able", "", GREATER_THAN_ONE),
        new Rule("ible", "", GREATER_THAN_ONE), new Rule("ant", "", GREATER_THAN_ONE),
        new Rule("ement", "", GREATER_THAN_ONE), new Rule("ment", "", GREATER_THAN_ONE),
        new Rule("ent", "", GREATER_THAN_ONE),
        new Rule("ion", "", stem -> measure(stem) > 1 && (stem.endsWith("s") || stem.endsWith("t"))),
        new Rule("ou", "", GREATER_THAN_ONE), new Rule("ism", "", GREATER_THAN_ONE),
        new Rule("ate", "", GREATER_THAN_ONE), new Rule("iti", "", GREATER_THAN_ONE),
        new Rule("ous", "", GREATER_THAN_ONE), new Rule("ive", "", GREATER_THAN_ONE),
        new Rule("ize", "", GREATER_THAN_ONE),
    };

    /**
     * Stems one lower-case word.
     *
     * @param word the word, already lower case
     * @return its stem
     */
    public String stem(String word) {
        String irregular = IRREGULAR.get(word);
        if (irregular != null) {
            return irregular;
        }
        if (word.length() <= 2) {
            return word;
        }
        String stem = step1a(word);
        stem = step1b(stem);
        stem = step1c(stem);
        stem = step2(stem);
        stem = applyRules(stem, STEP3);
        stem = applyRules(stem, STEP4);
        stem = step5a(stem);
        return step5b(stem);
    }

    private static boolean isConsonant(CharSequence word, int i) {
        // Iterative form of the paper's recursive definition: y is a consonant at the start of a word or after a
        // vowel, a vowel after a consonant.
        boolean consonant = true;
        for (int k = 0; k <= i; k++) {
            consonant = consonantAt(word.charAt(k), k, consonant);
        }
        return consonant;
    }

    /** Whether letter {@code c} at index {@code k} is a consonant, given whether the letter before it was one. */
    private static boolean consonantAt(char c, int k, boolean previousConsonant) {
        if (c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u') {
            return false;
        }
        return c != 'y' || k == 0 || !previousConsonant;
    }

    /** m of the paper: the number of vowel-to-consonant transitions in the word. */
    static int measure(String stem) {
        int m = 0;
        boolean previousVowel = false;
        boolean consonant = true;
        for (int k = 0; k < stem.length(); k++) {
            consonant = consonantAt(stem.charAt(k), k, consonant);
            if (consonant && previousVowel) {
                m++;
            }
            previousVowel = !consonant;
        }
        return m;
    }

    private static boolean containsVowel(String stem) {
        for (int i = 0; i < stem.length(); i++) {
            if (!isConsonant(stem, i)) {
                return true;
            }
        }
        return false;
    }

    private static boolean endsDoubleConsonant(String word) {
        int n = word.length();
        return n >= 2 && word.charAt(n - 1) == word.charAt(n - 2) && isConsonant(word, n - 1);
    }

    /** The paper's *o condition, with NLTK's extension to two-letter vowel-consonant stems. */
    private static boolean endsCvc(String word) {
        int n = word.length();
        if (n >= 3) {
            char last = word.charAt(n - 1);
            return isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1)
                    && last != 'w' && last != 'x' && last != 'y';
        }
        return n == 2 && !isConsonant(word, 0) && isConsonant(word, 1);
    }

    /** The first rule whose suffix matches decides: its condition failing leaves the word unchanged. */
    private static String applyRules(String word, Rule[] rules) {
        for (Rule rule : rules) {
            if (word.endsWith(rule.suffix)) {
                String stem = word.substring(0, word.length() - rule.suffix.length());
                if (rule.condition == null || rule.condition.test(stem)) {
                    return stem + rule.replacement;
                }
                return word;
            }
        }
        return word;
    }

    private static String step1a(String word) {
        if (word.endsWith("ies") && word.length() == 4) {
            return word.substring(0, 1) + "ie";
        }
        return applyRules(word, STEP1A);
    }

    private static String step1b(String word) {
        if (word.endsWith("ied")) {
            return word.substring(0, word.length() - 3) + (word.length() == 4 ? "ie" : "i");
        }
        if (word.endsWith("eed")) {
            String stem = word.substring(0, word.length() - 3);
            return measure(stem) > 0 ? stem + "ee" : word;
        }
        String stem = null;
        if (word.endsWith("ed") && containsVowel(word.substring(0, word.length() - 2))) {
            stem = word.substring(0, word.length() - 2);
        } else if (word.endsWith("ing") && containsVowel(word.substring(0, word.length() - 3))) {
            stem = word.substring(0, word.length() - 3);
        }
        if (stem == null) {
            return word;
        }
        if (stem.endsWith("at") || stem.endsWith("bl") || stem.endsWith("iz")) {
            return stem + "e";
        }
        if (endsDoubleConsonant(stem)) {
            char last = stem.charAt(stem.length() - 1);
            // A double consonant decides even when it is l, s or z (the word then stays as it is).
            return last == 'l' || last == 's' || last == 'z' ? stem : stem.substring(0, stem.length() - 1);
        }
        return measure(stem) == 1 && endsCvc(stem) ? stem + "e" : stem;
    }

    private static String step1c(String word) {
        if (word.endsWith("y")) {
            String stem = word.substring(0, word.length() - 1);
            if (stem.length() > 1 && isConsonant(stem, stem.length() - 1)) {
                return stem + "i";
            }
        }
        return word;
    }

    private static final Rule[] STEP2 = {
        new Rule("ational", "ate", POSITIVE), new Rule("tional", "tion", POSITIVE),
        new Rule("enci", "ence", POSITIVE), new Rule("anci", "ance", POSITIVE), new Rule("izer", "ize", POSITIVE),
        new Rule("bli", "ble", POSITIVE), new Rule("alli", "al", POSITIVE), new Rule("entli", "ent", POSITIVE),
        new Rule("eli", "e", POSITIVE), new Rule("ousli", "ous", POSITIVE), new Rule("ization", "ize", POSITIVE),
        new Rule("ation", "ate", POSITIVE), new Rule("ator", "ate", POSITIVE), new Rule("alism", "al", POSITIVE),
        new Rule("iveness", "ive", POSITIVE), new Rule("fulness", "ful", POSITIVE),
        new Rule("ousness", "ous", POSITIVE), new Rule("aliti", "al", POSITIVE), new Rule("iviti", "ive", POSITIVE),
        new Rule("biliti", "ble", POSITIVE), new Rule("fulli", "ful", POSITIVE),
        // The l of logi stays with the stem so that short stems like geo-, theo- work.
        new Rule("logi", "log", stem -> measure(stem + "l") > 0),
    };

    private static String step2(String word) {
        if (word.endsWith("alli")) {
            String stem = word.substring(0, word.length() - 4);
            if (measure(stem) > 0) {
                return step2(stem + "al");
            }
        }
        return applyRules(word, STEP2);
    }

    private static String step5a(String word) {
        if (word.endsWith("e")) {
            String stem = word.substring(0, word.length() - 1);
            int m = measure(stem);
            if (m > 1 || (m == 1 && !endsCvc(stem))) {
                return stem;
            }
        }
        return word;
    }

    private static String step5b(String word) {
        if (word.endsWith("ll") && measure(word.substring(0, word.length() - 1)) > 1) {
            return word.substring(0, word.length() - 1);
        }
        return word;
    }
}
