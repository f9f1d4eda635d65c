package org.badit.superni.synthetic;

import java.util.List;
import java.util.Random;

/** Basic: how many items a comma-separated list holds ({@code cat, sun, pen -> 3}). */
final class CountItems extends AbstractGenerator {
    CountItems() {
        super("syn_count_items", "How many items are in the list?", "Counting", Kind.CLASSIFICATION,
                Ability.COUNT);
    }

    @Override
    public TaskInstance instance(Random random) {
        List<String> items = Draw.items(random);
        return TaskInstance.of(String.join(", ", items), Integer.toString(items.size()));
    }
}
