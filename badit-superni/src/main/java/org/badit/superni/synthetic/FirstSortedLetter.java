package org.badit.superni.synthetic;

import java.util.Random;

/** Held-out: sort, then take the first letter ({@code dbfa -> a}); conflicts with {@link LastSortedLetter}. */
final class FirstSortedLetter extends AbstractGenerator {
    FirstSortedLetter() {
        super("syn_first_sorted_letter", "Sort the letters and give the first one.", "Word Manipulation",
                Kind.GENERATION, Ability.SORT, Ability.POSITION);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w = Draw.word(random);
        return TaskInstance.of(Draw.spaced(w), Draw.sortAscending(w).substring(0, 1));
    }
}
