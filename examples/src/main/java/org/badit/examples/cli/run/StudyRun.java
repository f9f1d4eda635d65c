package org.badit.examples.cli.run;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import org.badit.lora.io.DirectoryLock;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.report.ComparisonReport;
import org.badit.examples.report.DogDiagnostics;
import org.badit.examples.report.MetricsFile;
import org.badit.examples.report.StepMetrics;
import org.badit.examples.report.StudyReport;
import org.badit.superni.stats.PairedComparison;
import org.badit.superni.stats.PairedTests;

/**
 * {@code badit compare} as a study: every row (method or ablation variant) in every paradigm, its learning rate
 * (and alpha) chosen on a validation split carved from the training instances with the first seed, then run with
 * every seed; per row the mean and t-interval over seeds, and paired tests of the reference row against every other
 * row with Holm-corrected verdicts. Everything is checked before the first training ({@link StudyCheck}).
 */
public final class StudyRun {

    /** The selection rule, as the report states it. */
    static final String RULE = "the highest mean validation ROUGE-L over tasks with the first seed; ties go to the "
            + "smaller learning rate, then the smaller alpha";

    private StudyRun() {}

    /** The seeds of one row in one paradigm, with the hyperparameters they ran with. */
    private record RowRuns(StudyRow row, String paradigm, double lr, double alpha, boolean lrTuned,
            boolean alphaTuned, List<StudyReport.Candidate> candidates, List<SeedResult> seeds) {}

    /**
     * Runs the study and writes {@code report/} under the base settings' {@code output}.
     *
     * @param base the shared settings
     * @param plan what to measure
     * @param title the report's title
     * @param err progress output
     * @return the report and its files
     */
    public static CompareRun.Outcome run(RunConfig base, StudyPlan plan, String title, PrintStream err) {
        Path root = Paths.get(base.string("output"));
        StudyRunner runner = new StudyRunner(base, plan, root, err);
        StudyCheck.check(base, plan, runner);
        // One writer per comparison directory (each run inside it takes its own lock too); taken after the checks,
        // so a refused study leaves nothing behind.
        try (DirectoryLock lock = DirectoryLock.acquire(root)) {
            return runLocked(base, plan, title, err, root, runner);
        }
    }

    private static CompareRun.Outcome runLocked(RunConfig base, StudyPlan plan, String title, PrintStream err,
            Path root, StudyRunner runner) {
        err.println("settings shared by every row (each run saves its own config.json):");
        err.println(base.toJson());
        List<RowRuns> runs = new ArrayList<>();
        for (StudyRow row : plan.rows()) {
            for (String paradigm : plan.paradigms()) {
                runs.add(runRow(runner, plan, row, paradigm, err));
            }
        }
        List<String> caveats = caveats(base, plan);
        List<StudyReport.Comparison> comparisons = new ArrayList<>();
        List<String> verdicts = new ArrayList<>();
        compare(plan, runs, runner.baseSeed(), comparisons, verdicts, caveats);
        List<Long> seeds = new ArrayList<>();
        for (int i = 0; i < plan.seeds(); i++) {
            seeds.add(runner.baseSeed() + i);
        }
        StudyReport.Selection selection = plan.tuned() ? new StudyReport.Selection(plan.lrGrid(), plan.alphaGrid(),
                StudyRow.SVD_METHODS.stream().sorted().toList(), plan.validationInstances(), runner.baseSeed(), RULE)
                : null;
        StudyReport study = new StudyReport(seeds, plan.confidence(), plan.significance(), plan.paradigms(),
                plan.reference(), plan.definition().name().toLowerCase(Locale.ROOT), selection,
                runs.stream().map(r -> row(r, plan)).toList(), comparisons, verdicts, caveats,
                dogDiagnostics(runs, caveats));
        ComparisonReport.Builder report = ComparisonReport.builder().setTitle(title).optConfig(base.asMap())
                .optMachine(CompareRun.machine()).optStudy(study);
        for (RowRuns r : runs) {
            String name = r.row().label() + (plan.paradigms().size() > 1 ? " (" + r.paradigm() + ")" : "");
            report.addResult(StudyTable.methodResult(name, r.seeds()));
            if (r.seeds().stream().allMatch(x -> x.accuracy() != null)) {
                report.addAccuracyMatrix(name, StudyTable.meanAccuracyMatrix(r.seeds()));
            } else if (r.seeds().get(0).accuracy() != null) {
                report.addAccuracyMatrix(name, StudyTable.accuracyMatrix(r.seeds().get(0)));
            }
        }
        ComparisonReport built = report.build();
        try {
            return new CompareRun.Outcome(built, built.write(root.resolve("report")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
    }

    private static RowRuns runRow(StudyRunner runner, StudyPlan plan, StudyRow row, String paradigm,
            PrintStream err) {
        RunConfig rowBase = runner.rowBase(row);
        List<Double> lrs = plan.lrGrid().isEmpty() ? List.of(rowBase.number("learning_rate")) : plan.lrGrid();
        List<Double> alphas = row.svdInitialised() && !plan.alphaGrid().isEmpty() ? plan.alphaGrid()
                : List.of(rowBase.number("alpha"));
        boolean tuned = lrs.size() * alphas.size() > 1;
        double lr = lrs.get(0);
        double alpha = alphas.get(0);
        List<StudyReport.Candidate> candidates = new ArrayList<>();
        if (tuned) {
            double best = Double.NEGATIVE_INFINITY;
            // Ascending order and a strict '>' make ties go to the smaller learning rate, then the smaller alpha.
            for (double l : lrs) {
                for (double a : alphas) {
                    Path dir = runner.tuneDir(row, paradigm, l, a);
                    RunConfig c = runner.config(row, paradigm, 0, l, a, dir);
                    err.println(StudyRunner.describe(row, paradigm, c.integer("seed"), l, a) + " (tuning)");
                    runner.train(c);
                    double score = runner.validationScore(c, dir);
                    candidates.add(new StudyReport.Candidate(l, a, score));
                    if (score > best) {
                        best = score;
                        lr = l;
                        alpha = a;
                    }
                }
            }
            err.printf(Locale.ROOT, "== %s [%s]: chose lr %.3g, alpha %.3g (validation ROUGE-L %.2f)%n",
                    row.label(), paradigm, lr, alpha, best);
        }
        List<SeedResult> seeds = new ArrayList<>();
        for (int i = 0; i < plan.seeds(); i++) {
            // The first seed's tuning run of the chosen point is that seed's final run: same settings, same data.
            Path dir = tuned && i == 0 ? runner.tuneDir(row, paradigm, lr, alpha) : runner.runDir(row, paradigm, i);
            RunConfig c = runner.config(row, paradigm, i, lr, alpha, dir);
            if (!(tuned && i == 0)) {
                err.println(StudyRunner.describe(row, paradigm, c.integer("seed"), lr, alpha));
                runner.train(c);
            }
            seeds.add(runner.seed(row, c, dir, i));
        }
        return new RowRuns(row, paradigm, lr, alpha, tuned && lrs.size() > 1, tuned && alphas.size() > 1,
                candidates, seeds);
    }

    private static void compare(StudyPlan plan, List<RowRuns> runs, long seed,
            List<StudyReport.Comparison> comparisons, List<String> verdicts, List<String> caveats) {
        if (plan.pairedTest() == StudyPlan.PairedTest.NONE) {
            return;
        }
        List<PairedComparison> tests = new ArrayList<>();
        List<String> paradigms = new ArrayList<>();
        for (String paradigm : plan.paradigms()) {
            RowRuns ref = runs.stream().filter(r -> r.paradigm().equals(paradigm)
                    && r.row().label().equals(plan.reference())).findFirst().orElseThrow();
            for (RowRuns other : runs) {
                if (!other.paradigm().equals(paradigm) || other == ref) {
                    continue;
                }
                String a = ref.row().label();
                String b = other.row().label();
                // A test the statistics refuse (e.g. too few pairs) is a caveat, not the loss of every run so far.
                try {
                    if (plan.pairedTest().wilcoxon()) {
                        tests.add(StudyStats.wilcoxon(a, b, ref.seeds(), other.seeds(), plan.confidence()));
                        paradigms.add(paradigm);
                    }
                    if (plan.pairedTest().bootstrap()) {
                        tests.add(StudyStats.bootstrap(a, b, ref.seeds(), other.seeds(), plan.resamples(), seed,
                                plan.confidence()));
                        paradigms.add(paradigm);
                    }
                } catch (RuntimeException e) {
                    caveats.add("[" + paradigm + "] " + a + " vs " + b + ": no paired test (" + e.getMessage() + ")");
                }
            }
        }
        if (tests.isEmpty()) {
            return;
        }
        List<String> lines = PairedTests.verdicts(tests, plan.significance());
        for (int i = 0; i < tests.size(); i++) {
            comparisons.add(StudyStats.comparison(paradigms.get(i), tests.get(i)));
            String test = tests.get(i).test();
            // Each baseline has two lines (one per test): name the test when the line does not.
            verdicts.add("[" + paradigms.get(i) + (lines.get(i).contains(test) ? "" : ", " + test) + "] "
                    + lines.get(i));
        }
    }

    private static List<String> caveats(RunConfig base, StudyPlan plan) {
        List<String> out = new ArrayList<>();
        if (plan.seeds() == 1) {
            out.add("single seed: no interval and no paired test, so no difference here is shown to be real; "
                    + "rerun with --seeds 3 or more");
        } else if (plan.pairedTest() == StudyPlan.PairedTest.NONE) {
            out.add("paired tests were turned off (--paired-test none)");
        }
        if (base.integer("max_test_instances") > 0 && plan.seeds() > 1) {
            out.add("max_test_instances samples the test instances with each seed, so seeds see different test "
                    + "instances (pairs stay within a seed)");
        }
        return out;
    }

    /**
     * Reads every seed's metrics log of every row and summarises the expert metrics; rows that logged none are
     * left out. An unreadable log costs that row its diagnostics (a caveat), not the report.
     */
    private static List<DogDiagnostics> dogDiagnostics(List<RowRuns> runs, List<String> caveats) {
        List<DogDiagnostics> out = new ArrayList<>();
        for (RowRuns r : runs) {
            List<List<StepMetrics>> logs = new ArrayList<>();
            try {
                for (SeedResult s : r.seeds()) {
                    Path log = s.runDir().resolve("metrics.jsonl");
                    logs.add(Files.isRegularFile(log) ? MetricsFile.read(log) : List.of());
                }
            } catch (IOException e) {
                caveats.add("[" + r.paradigm() + "] " + r.row().label() + ": no DOG diagnostics (" + e.getMessage()
                        + ")");
                continue;
            }
            DogDiagnostics d = DogDiagnostics.of(r.row().label(), r.paradigm(), logs);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    /** Task → score per seed, tasks in the first seed's order; NaN where a seed has no score for the task. */
    private static Map<String, double[]> perTask(List<SeedResult> seeds) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (SeedResult s : seeds) {
            for (String task : s.perTask().keySet()) {
                out.computeIfAbsent(task, t -> seeds.stream()
                        .mapToDouble(x -> x.perTask().getOrDefault(t, Double.NaN)).toArray());
            }
        }
        return out;
    }

    private static StudyReport.Row row(RowRuns r, StudyPlan plan) {
        List<SeedResult> s = r.seeds();
        double conf = plan.confidence();
        StudyReport.Continual continual = null;
        if (r.paradigm().equals("sequential") && s.stream().allMatch(x -> x.continual() != null)) {
            StudyReport.Estimate fwt = plan.colla() ? StudyStats.estimate(s, x -> x.continual().fwt(), conf) : null;
            continual = new StudyReport.Continual(StudyStats.estimate(s, x -> x.continual().cl(), conf),
                    StudyStats.estimate(s, x -> x.continual().fgt(), conf),
                    StudyStats.estimate(s, x -> x.continual().bwt(), conf), fwt, fwt == null ? null : "single-task");
        }
        StudyReport.Estimate colla = plan.colla() && s.stream().allMatch(x -> x.colla() != null)
                ? StudyStats.estimate(s, SeedResult::colla, conf) : null;
        return new StudyReport.Row(r.row().label(), r.row().method(), r.row().overrides(), r.paradigm(), r.lr(),
                r.alpha(), r.lrTuned(), r.alphaTuned(), s.stream().map(SeedResult::seed).toList(),
                StudyStats.estimate(s, SeedResult::score, conf), StudyStats.estimate(s, SeedResult::exactMatch, conf),
                continual, colla, r.candidates(), s.stream().map(x -> x.runDir().toString()).toList(), perTask(s));
    }
}
