package org.badit.superni.synthetic;

import java.util.Random;

/** Basic: write a word backwards ({@code dbfa -> afbd}). */
final class ReverseWord extends AbstractGenerator {
    ReverseWord() {
        super("syn_reverse_word", "Write the given word backwards.", "Word Manipulation", Kind.GENERATION,
                Ability.REVERSE);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w = Draw.word(random);
        return TaskInstance.of(Draw.spaced(w), Draw.spaced(Draw.reverse(w)));
    }
}
