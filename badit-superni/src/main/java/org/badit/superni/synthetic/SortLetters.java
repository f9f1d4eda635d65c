package org.badit.superni.synthetic;

import java.util.Random;

/** Basic: sort the letters from a to z ({@code dbfa -> abdf}); conflicts with {@link SortDescending}. */
final class SortLetters extends AbstractGenerator {
    SortLetters() {
        super("syn_sort_letters", "Sort the letters of the word from a to z.", "Word Manipulation",
                Kind.GENERATION, Ability.SORT);
    }

    @Override
    public TaskInstance instance(Random random) {
        String w = Draw.word(random);
        return TaskInstance.of(Draw.spaced(w), Draw.spaced(Draw.sortAscending(w)));
    }
}
