package org.badit.superni.synthetic;

import java.util.Random;

/** Held-out: sort, then take the last letter ({@code dbfa -> f}); conflicts with {@link FirstSortedLetter}. */
final class LastSortedLetter extends AbstractGenerator {
    LastSortedLetter() {
        super("syn_last_sorted_letter", "Sort the letters and give the last one.", "Word Manipulation",
                Kind.GENERATION, Ability.SORT, Ability.POSITION);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w = Draw.word(random);
        String sorted = Draw.sortAscending(w);
        return TaskInstance.of(Draw.spaced(w), sorted.substring(sorted.length() - 1));
    }
}
