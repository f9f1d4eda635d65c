package org.badit.cli.run;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.badit.report.AccuracyMatrixReport;
import org.badit.report.MethodResult;

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

    private static double mean(List<SeedResult> seeds, ToDoubleFunction<SeedResult> f) {
        return seeds.stream().mapToDouble(f).average().orElse(Double.NaN);
    }
}
