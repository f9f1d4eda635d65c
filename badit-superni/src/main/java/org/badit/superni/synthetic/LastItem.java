package org.badit.superni.synthetic;

import java.util.List;
import java.util.Random;

/** Held-out: the last of 4 list items ({@code cat, sun, pen, box -> box}); conflicts with {@link FirstItem}. */
final class LastItem extends AbstractGenerator {
    LastItem() {
        super("syn_last_item", "Give the last item of the list.", "List Manipulation", Kind.GENERATION,
                Ability.POSITION);
    }

    @Override
    public TaskInstance instance(Random random) {
        List<String> items = Draw.items(random, 4);
        return TaskInstance.of(String.join(", ", items), items.get(items.size() - 1));
    }
}
