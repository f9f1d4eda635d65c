package org.badit.superni.synthetic;

import java.util.Random;

/** Basic: write the word in capitals ({@code dbfa -> DBFA}). */
final class UppercaseWord extends AbstractGenerator {
    UppercaseWord() {
        super("syn_uppercase_word", "Write the word in capital letters.", "Word Manipulation", Kind.GENERATION,
                Ability.UPPERCASE);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w = Draw.word(random);
        return TaskInstance.of(Draw.spaced(w), Draw.spaced(Draw.upper(w)));
    }
}
