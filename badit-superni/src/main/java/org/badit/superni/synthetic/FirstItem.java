package org.badit.superni.synthetic;

import java.util.List;
import java.util.Random;

/** Held-out: the first of 4 list items ({@code cat, sun, pen, box -> cat}); conflicts with {@link LastItem}. */
final class FirstItem extends AbstractGenerator {
    FirstItem() {
        super("syn_first_item", "Give the first item of the list.", "List Manipulation", Kind.GENERATION,
                Ability.POSITION);
    }

    @Override
    public TaskInstance instance(Random random) {
        List<String> items = Draw.items(random, 4);
        return TaskInstance.of(String.join(", ", items), items.get(0));
    }
}
