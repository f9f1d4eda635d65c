package org.badit.superni.synthetic;

import java.util.Random;

/** Basic: the larger of two distinct numbers 0-99 ({@code 37 and 52 -> 52}); same inputs as {@link LargerParity}. */
final class LargerNumber extends AbstractGenerator {
    LargerNumber() {
        super("syn_larger_number", "Which of the two numbers is larger? Answer with the number.", "Arithmetic",
                Kind.CLASSIFICATION, Ability.COMPARE);
    }

    @Override
    public TaskInstance instance(Random random) {
        int a = random.nextInt(100);
        int b = random.nextInt(99);
        if (b >= a) {
            b++; // distinct, uniform over the other 99 values
        }
        return TaskInstance.of(a + " and " + b, Integer.toString(Math.max(a, b)));
    }
}
