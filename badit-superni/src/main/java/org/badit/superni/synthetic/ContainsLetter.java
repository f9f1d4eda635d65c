package org.badit.superni.synthetic;

import java.util.List;
import java.util.Random;

/**
 * Basic: does the word contain the letter e? Half of the words get an e on purpose so the labels are balanced. Two
 * equivalent references ({@code yes}/{@code true}, {@code no}/{@code false}) exercise max-over-references scoring.
 */
final class ContainsLetter extends AbstractGenerator {
    ContainsLetter() {
        super("syn_contains_letter_e", "Does the word contain the letter e? Answer yes or no.",
                "Word Classification", Kind.CLASSIFICATION, Ability.MEMBERSHIP);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w = Draw.word(random, Draw.LETTERS.replace("e", ""), Draw.MIN_WORD, Draw.MAX_WORD);
        boolean yes = random.nextBoolean();
        if (yes) {
            int at = random.nextInt(w.length());
            w = w.substring(0, at) + "e" + w.substring(at + 1);
        }
        return new TaskInstance(Draw.spaced(w), yes ? List.of("yes", "true") : List.of("no", "false"));
    }
}
