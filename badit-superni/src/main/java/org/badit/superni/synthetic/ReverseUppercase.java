package org.badit.superni.synthetic;

import java.util.Random;

/** Held-out: reverse, then uppercase ({@code dbfa -> AFBD}); composes two basic abilities. */
final class ReverseUppercase extends AbstractGenerator {
    ReverseUppercase() {
        super("syn_reverse_uppercase", "Write the word backwards in capital letters.", "Word Manipulation",
                Kind.GENERATION, Ability.REVERSE, Ability.UPPERCASE);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w = Draw.word(random);
        return TaskInstance.of(Draw.spaced(w), Draw.spaced(Draw.upper(Draw.reverse(w))));
    }
}
