package org.badit.superni.synthetic;

import java.util.Random;

/**
 * Held-out: is the larger of two numbers even or odd ({@code 37 and 52 -> even})? Compare, then parity; same
 * inputs as the basic {@link LargerNumber}. (It replaced "is the sum even or odd": the parity of a sum is the XOR
 * of the operands' last digits, which the demo's 3-layer byte model does not learn in a few hundred steps.)
 */
final class LargerParity extends AbstractGenerator {
    LargerParity() {
        super("syn_larger_parity", "Is the larger of the two numbers even or odd?", "Arithmetic",
                Kind.CLASSIFICATION, Ability.COMPARE, Ability.PARITY);
    }

    @Override
    public TaskInstance instance(Random random) {
        int a = random.nextInt(100);
        int b = random.nextInt(99);
        if (b >= a) {
            b++; // distinct, as in LargerNumber
        }
        return TaskInstance.of(a + " and " + b, Math.max(a, b) % 2 == 0 ? "even" : "odd");
    }
}
