package org.badit.examples.cli.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.badit.lora.io.PathSegments;
import org.badit.examples.cli.config.RunConfig;
import org.badit.lora.engine.Engines;
import org.badit.examples.report.ComparisonReport;
import org.badit.examples.report.MethodResult;
import org.badit.examples.report.ReportFiles;
import org.badit.superni.metrics.ContinualMetrics;
import org.badit.superni.metrics.MetricScores;

/**
 * {@code badit compare}: the same data, prompts, decoding and budget for several methods, one table (the paper's
 * Table 1 shape: ROUGE-L per task and overall, exact match, training time, trainable parameters) plus plots.
 */
public final class CompareRun {

    private CompareRun() {}

    /**
     * What a comparison produced.
     *
     * @param report the report
     * @param files the written files
     */
    public record Outcome(ComparisonReport report, ReportFiles files) {}

    /**
     * Trains and evaluates each method in turn, each from a fresh copy of the base model.
     *
     * @param base the shared settings (its {@code output} is the comparison's directory)
     * @param methods the methods to compare
     * @param title the report's title
     * @param notes a note for the report (may be null)
     * @param err progress output
     * @return the outcome
     */
    public static Outcome run(RunConfig base, List<String> methods, String title, String notes, PrintStream err) {
        return run(base, methods, title, notes, false, err);
    }

    /**
     * Trains and evaluates each method in turn; with {@code colla}, also each method on every task alone, to report
     * colla = mean over tasks of (multi-task ROUGE-L − single-task ROUGE-L), the paper's measure of collaboration
     * (positive: tasks help each other; negative: they interfere).
     *
     * @param base the shared settings (its {@code output} is the comparison's directory)
     * @param methods the methods to compare
     * @param title the report's title
     * @param notes a note for the report (may be null)
     * @param colla also train single-task baselines and report colla
     * @param err progress output
     * @return the outcome
     */
    public static Outcome run(RunConfig base, List<String> methods, String title, String notes, boolean colla,
            PrintStream err) {
        Path root = Paths.get(base.string("output"));
        err.println("settings shared by every method (each run saves its own config.json):");
        err.println(base.toJson());
        List<MethodResult> results = new ArrayList<>();
        for (String method : methods) {
            RunConfig c = base.copy().set("method", method).set("output", root.resolve(method).toString());
            err.println("== " + method);
            try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
                TrainRun.Outcome trained = TrainRun.run(c, manager, false, err, false);
                EvalRun.Outcome evaluated = EvalRun.run(c, trained.runDir(), manager, err);
                MethodResult.Builder result = result(method, trained, evaluated);
                if (colla) {
                    result.optColla(colla(c, root.resolve(method).resolve("single-task"), evaluated, err));
                }
                results.add(result.build());
            }
        }
        ComparisonReport.Builder report = ComparisonReport.builder().setTitle(title)
                .optConfig(base.asMap()).optMachine(machine());
        if (notes != null) {
            report.optNotes(notes);
        }
        results.forEach(report::addResult);
        ComparisonReport built = report.build();
        try {
            return new Outcome(built, built.write(root.resolve("report")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report: " + e.getMessage(), e);
        }
    }

    /** Single-task runs of one method on every evaluated task, then colla against the multi-task scores. */
    private static double colla(RunConfig c, Path dir, EvalRun.Outcome multi, PrintStream err) {
        double[] multiTask = new double[multi.tasks().size()];
        double[] singleTask = new double[multi.tasks().size()];
        for (int i = 0; i < multiTask.length; i++) {
            String task = multi.tasks().get(i);
            multiTask[i] = multi.result().task(task).rougeL();
            RunConfig one = c.copy().set("tasks", task).set("output", PathSegments.resolve(dir, task, "task name").toString());
            err.println("-- single-task baseline: " + task);
            try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
                TrainRun.Outcome t = TrainRun.run(one, manager, false, err, false);
                singleTask[i] = EvalRun.run(one, t.runDir(), manager, err).result().task(task).rougeL();
            }
        }
        return ContinualMetrics.colla(multiTask, singleTask);
    }

    private static MethodResult.Builder result(String method, TrainRun.Outcome t, EvalRun.Outcome e) {
        MetricScores overall = e.result().report().overall();
        MethodResult.Builder b = MethodResult.builder(method).setScores(overall.rougeL(), overall.exactMatch())
                .setTrainSeconds(t.result().seconds())
                .setParameters(t.adapted().injection().trainableParameters(),
                        t.adapted().injection().totalParameters())
                .optMetricsLog(t.runDir().resolve("metrics.jsonl"));
        for (String task : e.tasks()) {
            b.addTask(task, e.result().task(task).rougeL());
        }
        if (e.continual() != null) {
            b.optContinual(e.continual().cl(), e.continual().fgt(), e.continual().bwt(), e.continual().fwt());
        }
        return b;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new java.util.LinkedHashMap<>(Engines.describe());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return m;
    }
}
