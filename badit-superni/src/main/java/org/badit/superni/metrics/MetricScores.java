package org.badit.superni.metrics;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Aggregated scores of a group of instances, as the official script reports them: mean ×100, rounded to 4 decimals.
 *
 * @param count the number of instances
 * @param exactMatch exact match, 0–100
 * @param rougeL ROUGE-L, 0–100
 * @param rouge1 ROUGE-1, 0–100
 */
public record MetricScores(int count, double exactMatch, double rougeL, double rouge1) {

    /**
     * Python's {@code round(x, 4)}: the exact binary value rounded half-to-even to 4 decimals.
     *
     * @param x a finite value
     * @return the double nearest the rounded decimal
     */
    public static double round4(double x) {
        return new BigDecimal(x).setScale(4, RoundingMode.HALF_EVEN).doubleValue();
    }

    /** Sums instance scores in order, exactly as the official loop does, then scales and rounds. */
    static final class Accumulator {
        private int count;
        private int exactMatch;
        private double rougeL;
        private double rouge1;

        void add(InstanceScore s) {
            count++;
            exactMatch += s.exactMatch();
            rougeL += s.rougeL();
            rouge1 += s.rouge1();
        }

        MetricScores finish() {
            return new MetricScores(count, round4(100.0 * exactMatch / count), round4(100.0 * rougeL / count),
                    round4(100.0 * rouge1 / count));
        }
    }
}
