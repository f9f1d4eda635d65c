package org.badit.superni.synthetic;

import java.util.Random;

/** Held-out: is the sum even or odd (add, then parity)? Same input format as {@link AddNumbers}. */
final class SumParity extends AbstractGenerator {
    SumParity() {
        super("syn_sum_parity", "Is the sum of the two numbers even or odd?", "Arithmetic", Kind.CLASSIFICATION,
                Ability.ARITHMETIC, Ability.PARITY);
    }

    @Override
    public TaskInstance instance(Random random) {
        int a = random.nextInt(50);
        int b = random.nextInt(50);
        return TaskInstance.of(a + " + " + b, (a + b) % 2 == 0 ? "even" : "odd");
    }
}
