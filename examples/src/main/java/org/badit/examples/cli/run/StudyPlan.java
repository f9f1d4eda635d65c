package org.badit.examples.cli.run;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.badit.superni.metrics.ContinualMetrics;

/**
 * What {@code badit compare} is asked to measure: the rows, how many seeds, which paradigms, which hyperparameter
 * grids are tuned on the validation split, and which paired tests compare the reference row with every other row.
 * Built and validated before anything is trained, so bad input costs nothing and writes nothing.
 *
 * <pre>{@code
 * StudyPlan plan = StudyPlan.builder().setRows(rows).optSeeds(3).optParadigms(List.of("mixed", "sequential"))
 *         .optLrGrid(StudyPlan.parseGrid("--lr-grid", "1e-4,3e-4")).build();
 * }</pre>
 *
 * @param rows the rows (methods and variants) in table order
 * @param seeds how many seeds: seed, seed+1, ...
 * @param paradigms {@code mixed} and/or {@code sequential}
 * @param lrGrid the learning rates to choose from (empty: the shared {@code learning_rate}, untuned), ascending
 * @param alphaGrid the alphas to choose from for SVD-initialised rows (empty: the row's {@code alpha}), ascending
 * @param validationInstances validation instances held out per task when a grid is tuned
 * @param pairedTest the paired tests of {@code reference} against every other row ({@code NONE} with one seed)
 * @param reference the label of the row under test
 * @param definition the definitions of Fgt/Bwt/Fwt
 * @param colla whether single-task baselines are trained (colla and Fwt)
 * @param confidence the confidence of every interval (0.95)
 * @param significance the level of the Holm-corrected verdicts (0.05)
 * @param resamples the bootstrap's resamples
 */
public record StudyPlan(List<StudyRow> rows, int seeds, List<String> paradigms, List<Double> lrGrid,
        List<Double> alphaGrid, int validationInstances, PairedTest pairedTest, String reference,
        ContinualMetrics.Definition definition, boolean colla, double confidence, double significance,
        int resamples) {

    /** Which paired tests to run. */
    public enum PairedTest {
        /** Wilcoxon signed-rank over per-instance ROUGE-L, pooled over seeds. */
        WILCOXON,
        /** Paired bootstrap over tasks. */
        BOOTSTRAP,
        /** Both. */
        BOTH,
        /** None. */
        NONE;

        /**
         * Parses {@code wilcoxon}, {@code bootstrap}, {@code both} or {@code none}.
         *
         * @param s the flag's value
         * @return the choice
         */
        public static PairedTest parse(String s) {
            for (PairedTest t : values()) {
                if (t.name().equalsIgnoreCase(s.trim())) {
                    return t;
                }
            }
            throw new IllegalArgumentException("--paired-test must be wilcoxon, bootstrap, both or none, got '" + s
                    + "'");
        }

        boolean wilcoxon() {
            return this == WILCOXON || this == BOTH;
        }

        boolean bootstrap() {
            return this == BOOTSTRAP || this == BOTH;
        }
    }

    /** Validates the plan: one line naming the flag on bad input. */
    public StudyPlan {
        rows = List.copyOf(rows);
        paradigms = List.copyOf(paradigms);
        lrGrid = List.copyOf(lrGrid);
        alphaGrid = List.copyOf(alphaGrid);
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("--methods/--variant: nothing to compare");
        }
        Set<String> labels = new HashSet<>();
        for (StudyRow r : rows) {
            if (!r.label().matches("[A-Za-z0-9._-]+")) {
                throw new IllegalArgumentException("row label '" + r.label() + "' must be letters, digits, "
                        + "'.', '_' or '-' (it names a directory)");
            }
            if (r.label().equals("report")) {
                throw new IllegalArgumentException("row label 'report' is taken by the report's directory; "
                        + "choose another");
            }
            if (!labels.add(r.label())) {
                throw new IllegalArgumentException("row '" + r.label() + "' is given twice (--methods and "
                        + "--variant labels must be unique)");
            }
        }
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        if (paradigms.isEmpty()) {
            throw new IllegalArgumentException("--paradigms is empty; give mixed, sequential or both");
        }
        for (String p : paradigms) {
            if (!p.equals("mixed") && !p.equals("sequential")) {
                throw new IllegalArgumentException("--paradigms: '" + p + "' is not mixed or sequential");
            }
        }
        if (new HashSet<>(paradigms).size() != paradigms.size()) {
            throw new IllegalArgumentException("--paradigms lists a paradigm twice: " + paradigms);
        }
        if ((!lrGrid.isEmpty() || !alphaGrid.isEmpty()) && validationInstances < 1) {
            throw new IllegalArgumentException("--val-instances must be at least 1 per task to tune a grid, got "
                    + validationInstances);
        }
        if (seeds == 1 && pairedTest != PairedTest.NONE) {
            throw new IllegalArgumentException("--paired-test " + pairedTest.name().toLowerCase(Locale.ROOT)
                    + " needs --seeds 2 or more (a paired test over one seed has no variance to test against)");
        }
        if (pairedTest != PairedTest.NONE) {
            if (!labels.contains(reference)) {
                throw new IllegalArgumentException("--reference " + reference + " is not a row (rows: "
                        + rows.stream().map(StudyRow::label).toList() + "); add it to --methods or pass "
                        + "--paired-test none");
            }
            if (rows.size() < 2) {
                throw new IllegalArgumentException("paired tests need a second row besides --reference "
                        + reference + "; add one or pass --paired-test none");
            }
        }
        if (resamples < 100) {
            throw new IllegalArgumentException("bootstrap resamples must be at least 100, got " + resamples);
        }
        if (!(confidence > 0 && confidence < 1) || !(significance > 0 && significance < 1)) {
            throw new IllegalArgumentException("confidence and significance must be in (0, 1)");
        }
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses a grid flag: comma-separated positive numbers, returned sorted ascending without duplicates (so that
     * the selection's tie rule, "the smaller value wins", is the order of the search).
     *
     * @param flag the flag, for messages
     * @param raw the flag's value
     * @return the values
     * @throws IllegalArgumentException on an empty grid, an empty entry, a non-number or a value &le; 0
     */
    public static List<Double> parseGrid(String flag, String raw) {
        if (raw == null || raw.isBlank() || raw.replace(",", "").isBlank()) {
            throw new IllegalArgumentException(flag + " is empty; give comma-separated positive values, e.g. "
                    + "1e-4,3e-4");
        }
        TreeSet<Double> values = new TreeSet<>();
        for (String part : raw.split(",", -1)) {
            String p = part.trim();
            if (p.isEmpty()) {
                throw new IllegalArgumentException(flag + " '" + raw + "' has an empty entry");
            }
            double v;
            try {
                v = Double.parseDouble(p);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + ": '" + p + "' is not a number", e);
            }
            if (!(v > 0) || Double.isInfinite(v)) {
                throw new IllegalArgumentException(flag + ": every value must be a positive number, got '" + p + "'");
            }
            values.add(v);
        }
        return List.copyOf(values);
    }

    /**
     * Whether any grid is tuned on the validation split.
     *
     * @return true when a grid was given
     */
    public boolean tuned() {
        return !lrGrid.isEmpty() || !alphaGrid.isEmpty();
    }

    /** Builds a {@link StudyPlan}. */
    public static final class Builder {
        private List<StudyRow> rows;
        private int seeds = 1;
        private List<String> paradigms = List.of("mixed");
        private List<Double> lrGrid = List.of();
        private List<Double> alphaGrid = List.of();
        private int validationInstances = 20;
        private PairedTest pairedTest;
        private String reference = "badit";
        private ContinualMetrics.Definition definition = ContinualMetrics.Definition.PAPER;
        private boolean colla;
        private double confidence = 0.95;
        private double significance = 0.05;
        private int resamples = 10_000;

        Builder() {}

        /**
         * Sets the rows (methods and variants), at least one.
         *
         * @param rows the rows in table order
         * @return this builder
         */
        public Builder setRows(List<StudyRow> rows) {
            this.rows = rows;
            return this;
        }

        /**
         * Sets the number of seeds (default 1).
         *
         * @param seeds at least 1
         * @return this builder
         */
        public Builder optSeeds(int seeds) {
            this.seeds = seeds;
            return this;
        }

        /**
         * Sets the paradigms (default mixed).
         *
         * @param paradigms {@code mixed} and/or {@code sequential}
         * @return this builder
         */
        public Builder optParadigms(List<String> paradigms) {
            this.paradigms = paradigms;
            return this;
        }

        /**
         * Sets the learning-rate grid (see {@link #parseGrid}).
         *
         * @param grid positive values
         * @return this builder
         */
        public Builder optLrGrid(List<Double> grid) {
            this.lrGrid = grid;
            return this;
        }

        /**
         * Sets the alpha grid of SVD-initialised rows (see {@link #parseGrid}).
         *
         * @param grid positive values
         * @return this builder
         */
        public Builder optAlphaGrid(List<Double> grid) {
            this.alphaGrid = grid;
            return this;
        }

        /**
         * Sets the validation instances per task held out when tuning (default 20).
         *
         * @param n at least 1
         * @return this builder
         */
        public Builder optValidationInstances(int n) {
            this.validationInstances = n;
            return this;
        }

        /**
         * Asks for paired tests explicitly (default: both with two or more seeds, none with one).
         *
         * @param test the tests
         * @return this builder
         */
        public Builder optPairedTest(PairedTest test) {
            this.pairedTest = test;
            return this;
        }

        /**
         * Sets the row under test (default {@code badit}).
         *
         * @param label a row's label
         * @return this builder
         */
        public Builder optReference(String label) {
            this.reference = label;
            return this;
        }

        /**
         * Sets the definitions of Fgt/Bwt/Fwt (default paper).
         *
         * @param definition paper or GEM
         * @return this builder
         */
        public Builder optContinualDefinition(ContinualMetrics.Definition definition) {
            this.definition = definition;
            return this;
        }

        /**
         * Trains single-task baselines for colla and Fwt.
         *
         * @param colla whether to
         * @return this builder
         */
        public Builder optColla(boolean colla) {
            this.colla = colla;
            return this;
        }

        /**
         * Sets the bootstrap's resamples (default 10000).
         *
         * @param resamples at least 100
         * @return this builder
         */
        public Builder optResamples(int resamples) {
            this.resamples = resamples;
            return this;
        }

        /**
         * Validates and builds the plan.
         *
         * @return the plan
         * @throws IllegalArgumentException with one line naming the flag on bad input
         */
        public StudyPlan build() {
            if (rows == null) {
                throw new IllegalArgumentException("--methods/--variant: nothing to compare");
            }
            // No test unless asked with one seed (there is nothing to test); both by default with more.
            PairedTest test = pairedTest != null ? pairedTest : seeds > 1 ? PairedTest.BOTH : PairedTest.NONE;
            return new StudyPlan(rows, seeds, paradigms, lrGrid, alphaGrid, validationInstances, test, reference,
                    definition, colla, confidence, significance, resamples);
        }
    }
}
