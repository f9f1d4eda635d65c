package org.badit.superni.synthetic;

import java.util.Random;

/**
 * Held-out: sort from z to a ({@code dbfa -> fdba}): sort then reverse, and the opposite rule of the basic
 * {@link SortLetters} on the same inputs.
 */
final class SortDescending extends AbstractGenerator {
    SortDescending() {
        super("syn_sort_descending", "Sort the letters of the word from z to a.", "Word Manipulation",
                Kind.GENERATION, Ability.SORT, Ability.REVERSE);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w = Draw.word(random);
        return TaskInstance.of(Draw.spaced(w), Draw.spaced(Draw.reverse(Draw.sortAscending(w))));
    }
}
