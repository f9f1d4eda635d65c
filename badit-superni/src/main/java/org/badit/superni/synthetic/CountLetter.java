package org.badit.superni.synthetic;

import java.util.Random;

/**
 * Basic: count the letter a. Words come from the alphabet a-e so that the count varies (0 to 8) instead of being
 * almost always 0.
 */
final class CountLetter extends AbstractGenerator {
    CountLetter() {
        super("syn_count_letter_a", "Count how many times the letter a occurs in the word.", "Counting",
                Kind.CLASSIFICATION, Ability.COUNT);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w = Draw.word(random, "abcde", Draw.MIN_WORD, Draw.MAX_WORD);
        long n = w.chars().filter(c -> c == 'a').count();
        return TaskInstance.of(Draw.spaced(w), Long.toString(n));
    }
}
