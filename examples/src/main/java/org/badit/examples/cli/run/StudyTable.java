package org.badit.examples.cli.run;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.badit.examples.report.AccuracyMatrixReport;
import org.badit.examples.report.MethodResult;

/** The classic comparison table's row of a study row: every number is the mean over seeds. */
final class StudyTable {

    private StudyTable() {}

    static MethodResult methodResult(String name, List<SeedResult> seeds) {
        SeedResult first = seeds.get(0);
        MethodResult.Builder b = MethodResult.builder(name)
                .setScores(mean(seeds, SeedResult::score), mean(seeds, SeedResult::exactMatch))
                .setTrainSeconds(mean(seeds, SeedResult::trainSeconds))
                .setParameters(first.trainable(), first.total())
                .optMetricsLog(first.runDir().resolve("metrics.jsonl"));
        for (String task : first.perTask().keySet()) {
            b.addTask(task, mean(seeds, s -> s.perTask().getOrDefault(task, Double.NaN)));
        }
        if (seeds.stream().allMatch(s -> s.continual() != null)) {
            double fwt = mean(seeds, s -> s.continual().fwt());
            b.optContinual(mean(seeds, s -> s.continual().cl()), mean(seeds, s -> s.continual().fgt()),
                    mean(seeds, s -> s.continual().bwt()), Double.isNaN(fwt) ? null : fwt);
        }
        if (seeds.stream().allMatch(s -> s.colla() != null)) {
            b.optColla(mean(seeds, SeedResult::colla));
        }
        return b.build();
    }

    static AccuracyMatrixReport accuracyMatrix(SeedResult seed) {
        AccuracyMatrixReport.Builder b = AccuracyMatrixReport.builder().setMatrix(seed.trainingOrder(),
                seed.accuracy()).optTitle("Accuracy matrix, seed " + seed.seed());
        if (seed.continual() != null) {
            b.addSummary("Cl", seed.continual().cl()).addSummary("Fgt", seed.continual().fgt())
                    .addSummary("Bwt", seed.continual().bwt());
            if (!Double.isNaN(seed.continual().fwt())) {
                b.addSummary("Fwt (vs single-task)", seed.continual().fwt());
            }
        }
        return b.build();
    }

    /**
     * The accuracy matrix averaged over seeds. Task orders vary with the seed, so when they differ the cells are
     * aligned by training position (cell (i, j): the score on the j-th task learned after learning i tasks), which
     * keeps the forgetting pattern, and the tasks are named by position; the title says which. One seed: that seed's
     * matrix.
     */
    static AccuracyMatrixReport meanAccuracyMatrix(List<SeedResult> seeds) {
        if (seeds.size() == 1) {
            return accuracyMatrix(seeds.get(0));
        }
        SeedResult first = seeds.get(0);
        int t = first.accuracy().length;
        if (seeds.stream().anyMatch(s -> s.accuracy().length != t)) {
            return accuracyMatrix(first); // different task counts cannot be aligned; the title names the seed
        }
        boolean sameOrder = seeds.stream().allMatch(s -> s.trainingOrder().equals(first.trainingOrder()));
        double[][] mean = new double[t][t];
        for (int i = 0; i < t; i++) {
            for (int j = 0; j < t; j++) {
                double sum = 0;
                int n = 0;
                for (SeedResult s : seeds) {
                    double v = s.accuracy()[i][j];
                    if (!Double.isNaN(v)) {
                        sum += v;
                        n++;
                    }
                }
                mean[i][j] = n == 0 ? Double.NaN : sum / n; // not evaluated in any seed stays blank
            }
        }
        List<String> tasks = sameOrder ? first.trainingOrder()
                : java.util.stream.IntStream.rangeClosed(1, t).mapToObj(k -> "task learned #" + k).toList();
        AccuracyMatrixReport.Builder b = AccuracyMatrixReport.builder().setMatrix(tasks, mean)
                .optTitle("Accuracy matrix, mean over " + seeds.size() + " seeds"
                        + (sameOrder ? "" : " (aligned by training position: task orders differ)"));
        if (seeds.stream().allMatch(s -> s.continual() != null)) {
            b.addSummary("Cl", mean(seeds, s -> s.continual().cl())).addSummary("Fgt", mean(seeds,
                    s -> s.continual().fgt())).addSummary("Bwt", mean(seeds, s -> s.continual().bwt()));
            double fwt = mean(seeds, s -> s.continual().fwt());
            if (!Double.isNaN(fwt)) {
                b.addSummary("Fwt (vs single-task)", fwt);
            }
        }
        return b.build();
    }

    private static double mean(List<SeedResult> seeds, ToDoubleFunction<SeedResult> f) {
        return seeds.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
