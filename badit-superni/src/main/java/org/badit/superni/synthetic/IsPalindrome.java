package org.badit.superni.synthetic;

import java.util.List;
import java.util.Random;

/**
 * Held-out: is the word a palindrome (reverse, then compare)? Half of the words are built as palindromes so the
 * labels are balanced; two equivalent references as {@link ContainsLetter}.
 */
final class IsPalindrome extends AbstractGenerator {
    IsPalindrome() {
        super("syn_is_palindrome", "Is the word the same backwards? Answer yes or no.", "Word Classification",
                Kind.CLASSIFICATION, Ability.REVERSE, Ability.COMPARE);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w;
        if (random.nextBoolean()) {
            String half = Draw.word(random, Draw.LETTERS, 3, 3);
            // 3 letters mirrored around the third: 5 letters like every other word, so the length gives nothing away
            w = half + Draw.reverse(half.substring(0, 2));
        } else {
            w = Draw.word(random); // almost never a palindrome; the answer is computed, not assumed
        }
        boolean yes = w.equals(Draw.reverse(w));
        return new TaskInstance(Draw.spaced(w), yes ? List.of("yes", "true") : List.of("no", "false"));
    }
}
