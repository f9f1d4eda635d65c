package org.badit.core.generate;

import java.util.Arrays;
import java.util.Random;

/**
 * Draws a token from one row of logits: temperature, then nucleus (top-p) truncation, with a seeded generator so a
 * seed reproduces the same text. Runs on the host: one row of V floats per step is cheap next to the forward pass.
 */
final class TokenSampler {

    private final double temperature;
    private final double topP;
    private final Random random;

    TokenSampler(double temperature, double topP, long seed) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0 for sampling, got " + temperature);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        }
        this.temperature = temperature;
        this.topP = topP;
        this.random = new Random(seed);
    }

    int sample(float[] logits, int offset, int vocab) {
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vocab; i++) {
            max = Math.max(max, logits[offset + i] / temperature);
        }
        double[] probs = new double[vocab];
        double sum = 0;
        for (int i = 0; i < vocab; i++) {
            probs[i] = Math.exp(logits[offset + i] / temperature - max);
            sum += probs[i];
        }
        Integer[] order = new Integer[vocab];
        for (int i = 0; i < vocab; i++) {
            order[i] = i;
            probs[i] /= sum;
        }
        // Most probable first, ties by id, so the nucleus is deterministic.
        Arrays.sort(order, (a, b) -> probs[a] != probs[b] ? Double.compare(probs[b], probs[a]) : Integer.compare(a, b));
        int keep = 0;
        double mass = 0;
        while (keep < vocab && (keep == 0 || mass < topP)) {
            mass += probs[order[keep]];
            keep++;
        }
        double u = random.nextDouble() * mass;
        double acc = 0;
        for (int i = 0; i < keep; i++) {
            acc += probs[order[i]];
            if (u < acc) {
                return order[i];
            }
        }
        return order[keep - 1];
    }
}
