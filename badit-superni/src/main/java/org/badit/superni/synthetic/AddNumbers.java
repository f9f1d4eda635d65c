package org.badit.superni.synthetic;

import java.util.Random;

/** Basic: add two numbers 0-49 ({@code 12 + 7 -> 19}). */
final class AddNumbers extends AbstractGenerator {
    AddNumbers() {
        super("syn_add_numbers", "Add the two numbers.", "Arithmetic", Kind.GENERATION, Ability.ARITHMETIC);
    }

    @Override
    public TaskInstance instance(Random random) {
        int a = random.nextInt(50);
        int b = random.nextInt(50);
        return TaskInstance.of(a + " + " + b, Integer.toString(a + b));
    }
}
