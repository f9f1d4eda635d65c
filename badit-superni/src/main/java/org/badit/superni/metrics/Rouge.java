package org.badit.superni.metrics;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ROUGE-L and ROUGE-1 F-measures with rouge-score's arithmetic, operation for operation, so that results agree to the
 * last bit: precision = overlap / |prediction|, recall = overlap / |target|, F = 2·P·R / (P + R) (0 when P + R = 0),
 * and ROUGE-L is 0 when either side has no token.
 */
public final class Rouge {

    private Rouge() {}

    /**
     * ROUGE-L F-measure of one prediction against one target, from their tokens.
     *
     * @param prediction the prediction's tokens
     * @param target the reference's tokens
     * @return the LCS-based F-measure in [0, 1]
     */
    public static double rougeL(List<String> prediction, List<String> target) {
        if (prediction.isEmpty() || target.isEmpty()) {
            return 0.0;
        }
        int lcs = lcsLength(prediction, target);
        double precision = (double) lcs / prediction.size();
        double recall = (double) lcs / target.size();
        return fmeasure(precision, recall);
    }

    /**
     * ROUGE-1 F-measure (unigram overlap with counts clipped) of one prediction against one target.
     *
     * @param prediction the prediction's tokens
     * @param target the reference's tokens
     * @return the F-measure in [0, 1]
     */
    public static double rouge1(List<String> prediction, List<String> target) {
        Map<String, Integer> predictionCounts = new HashMap<>();
        for (String t : prediction) {
            predictionCounts.merge(t, 1, Integer::sum);
        }
        Map<String, Integer> targetCounts = new HashMap<>();
        for (String t : target) {
            targetCounts.merge(t, 1, Integer::sum);
        }
        int overlap = 0;
        for (Map.Entry<String, Integer> e : targetCounts.entrySet()) {
            overlap += Math.min(e.getValue(), predictionCounts.getOrDefault(e.getKey(), 0));
        }
        // rouge-score divides by max(count, 1), so empty sides give 0 rather than NaN.
        double precision = (double) overlap / Math.max(prediction.size(), 1);
        double recall = (double) overlap / Math.max(target.size(), 1);
        return fmeasure(precision, recall);
    }

    /**
     * rouge-score's {@code scoring.fmeasure}, evaluated in the same order as Python ({@code 2 * p * r / (p + r)}).
     *
     * @param precision the precision
     * @param recall the recall
     * @return the harmonic mean, 0 when both are 0
     */
    public static double fmeasure(double precision, double recall) {
        if (precision + recall > 0) {
            return 2 * precision * recall / (precision + recall);
        }
        return 0.0;
    }

    /**
     * Length of the longest common subsequence of two token lists.
     *
     * @param a the first list
     * @param b the second list
     * @return the LCS length
     */
    public static int lcsLength(List<String> a, List<String> b) {
        // Tokens become small integers first so that the O(|a|·|b|) loop compares ints, not strings.
        Map<String, Integer> ids = new HashMap<>();
        int[] x = toIds(a, ids);
        int[] y = toIds(b, ids);
        int[] previous = new int[y.length + 1];
        int[] current = new int[y.length + 1];
        for (int i = 1; i <= x.length; i++) {
            int xi = x[i - 1];
            for (int j = 1; j <= y.length; j++) {
                current[j] = xi == y[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[y.length];
    }

    private static int[] toIds(List<String> tokens, Map<String, Integer> ids) {
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) {
            Integer id = ids.get(tokens.get(i));
            if (id == null) {
                id = ids.size();
                ids.put(tokens.get(i), id);
            }
            out[i] = id;
        }
        return out;
    }
}
