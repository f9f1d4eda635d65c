package org.badit.superni.synthetic;

import java.util.Random;

/**
 * Basic: the first letter of a word ({@code dbfa -> d}), the POSITION ability that the held-out first/last letter
 * and first/last item tasks build on (the "last" ones apply it with the opposite rule).
 */
final class FirstLetter extends AbstractGenerator {
    FirstLetter() {
        super("syn_first_letter", "Give the first letter of the word.", "Word Manipulation", Kind.GENERATION,
                Ability.POSITION);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w = Draw.word(random);
        return TaskInstance.of(Draw.spaced(w), w.substring(0, 1));
    }
}
