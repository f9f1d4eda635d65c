package org.badit.examples.cli.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.badit.examples.report.StudyReport;
import org.badit.superni.stats.Interval;
import org.badit.superni.stats.PairedComparison;
import org.badit.superni.stats.PairedTests;

/** Turns seeds' scores into intervals and the reference row's paired tests against every other row. */
final class StudyStats {

    private StudyStats() {}

    /** Mean and t-interval of a value over seeds; null when any seed lacks it (NaN). */
    static StudyReport.Estimate estimate(List<SeedResult> seeds, ToDoubleFunction<SeedResult> value,
            double confidence) {
        double[] v = seeds.stream().mapToDouble(value).toArray();
        for (double x : v) {
            if (Double.isNaN(x)) {
                return null;
            }
        }
        Interval i = Interval.of(v, confidence);
        boolean defined = i.defined() && Double.isFinite(i.low()) && Double.isFinite(i.high());
        return new StudyReport.Estimate(i.mean(), defined ? i.low() : null, defined ? i.high() : null, i.n(), v);
    }

    /**
     * Wilcoxon signed-rank over per-instance ROUGE-L: pairs are the same test instance with the same seed, pooled
     * over seeds. Instances one side lacks are left out (both sides decode the same test split, so none should be).
     */
    static PairedComparison wilcoxon(String reference, String baseline, List<SeedResult> ref, List<SeedResult> other,
            double confidence) {
        List<Double> a = new ArrayList<>();
        List<Double> b = new ArrayList<>();
        for (int s = 0; s < ref.size(); s++) {
            Map<String, Double> o = other.get(s).perInstance();
            ref.get(s).perInstance().forEach((id, score) -> {
                Double x = o.get(id);
                if (x != null) {
                    a.add(score);
                    b.add(x);
                }
            });
        }
        if (a.isEmpty()) {
            throw new IllegalStateException(reference + " and " + baseline + " share no test instance");
        }
        return PairedTests.wilcoxon(reference, baseline, a.stream().mapToDouble(Double::doubleValue).toArray(),
                b.stream().mapToDouble(Double::doubleValue).toArray(), confidence);
    }

    /** Paired bootstrap over tasks: per seed, the tasks both rows were tested on, in the reference's order. */
    static PairedComparison bootstrap(String reference, String baseline, List<SeedResult> ref, List<SeedResult> other,
            int resamples, long seed, double confidence) {
        List<String> tasks = ref.get(0).perTask().keySet().stream()
                .filter(t -> other.stream().allMatch(r -> r.perTask().containsKey(t))
                        && ref.stream().allMatch(r -> r.perTask().containsKey(t)))
                .toList();
        double[][] a = new double[ref.size()][tasks.size()];
        double[][] b = new double[ref.size()][tasks.size()];
        for (int s = 0; s < ref.size(); s++) {
            for (int t = 0; t < tasks.size(); t++) {
                a[s][t] = ref.get(s).perTask().get(tasks.get(t));
                b[s][t] = other.get(s).perTask().get(tasks.get(t));
            }
        }
        return PairedTests.bootstrapOverTasks(reference, baseline, a, b, resamples, seed, confidence);
    }

    /** The report's form of a test, with the paradigm it belongs to and undefined numbers as null. */
    static StudyReport.Comparison comparison(String paradigm, PairedComparison c) {
        return new StudyReport.Comparison(paradigm, c.method(), c.baseline(), c.test(), c.difference(),
                finite(c.low()), finite(c.high()), finite(c.pValue()), c.pairs());
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
