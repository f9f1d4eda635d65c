package org.badit.examples.cli.run;

import ai.djl.ndarray.NDManager;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.badit.lora.io.PathSegments;
import org.badit.examples.cli.config.RunConfig;
import org.badit.lora.engine.Engines;
import org.badit.superni.metrics.ContinualMetrics;
import org.badit.superni.metrics.InstanceScore;
import org.badit.superni.metrics.MetricScores;

/**
 * The mechanics of a study: each row's settings for a paradigm, seed and hyperparameters, one training, one
 * evaluation (test or validation), single-task baselines (cached: the same row, seed and hyperparameters train the
 * same single-task model whichever paradigm asks), and the scores of one seed.
 */
final class StudyRunner {

    private final RunConfig base;
    private final StudyPlan plan;
    private final Path root;
    private final PrintStream err;
    private final Map<String, Double> singleTaskCache = new HashMap<>();

    StudyRunner(RunConfig base, StudyPlan plan, Path root, PrintStream err) {
        this.base = base;
        this.plan = plan;
        this.root = root;
        this.err = err;
    }

    /** The first seed: the shared {@code seed}; seed i is {@code seed + i}. */
    long baseSeed() {
        return base.integer("seed");
    }

    /** The row's settings before the study sets seed, mode and hyperparameters (its defaults for lr and alpha). */
    RunConfig rowBase(StudyRow row) {
        RunConfig c = base.copy();
        row.overrides().forEach((k, v) -> {
            try {
                c.set(k, v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--variant " + row.label() + ": " + e.getMessage(), e);
            }
        });
        return c.set("method", row.method());
    }

    /**
     * The settings of one run.
     *
     * @param row the row
     * @param paradigm mixed or sequential
     * @param seedIndex 0 for the first seed
     * @param lr the learning rate
     * @param alpha the alpha
     * @param out the run directory
     */
    RunConfig config(StudyRow row, String paradigm, int seedIndex, double lr, double alpha, Path out) {
        RunConfig c = rowBase(row).set("mode", paradigm).set("seed", baseSeed() + seedIndex)
                .set("learning_rate", lr).set("alpha", alpha).set("eval_split", "test").set("output", out.toString());
        if (plan.seeds() > 1) {
            // Task orders vary with the seed, so the interval covers the order's effect too.
            int order = base.integer("task_order_seed");
            c.set("task_order_seed", order == 0 ? baseSeed() + seedIndex : order + seedIndex);
        }
        if (plan.tuned()) {
            // Every run of a tuned study trains without the validation instances, so the tuning run of the first
            // seed is also that seed's final run and all seeds train on the same amount of data.
            c.set("validation_instances", plan.validationInstances()).set("validation_seed", baseSeed());
        }
        return c;
    }

    /** The run directory of a row, paradigm and seed (short when there is only one of a kind: old layouts stay). */
    Path runDir(StudyRow row, String paradigm, int seedIndex) {
        Path d = rowDir(row, paradigm);
        return plan.seeds() > 1 ? d.resolve("seed-" + (baseSeed() + seedIndex)) : d;
    }

    /** The directory of a tuning candidate. */
    Path tuneDir(StudyRow row, String paradigm, double lr, double alpha) {
        return rowDir(row, paradigm).resolve("tune").resolve(tag(lr, alpha));
    }

    private Path rowDir(StudyRow row, String paradigm) {
        Path d = PathSegments.resolve(root, row.label(), "row label");
        return plan.paradigms().equals(List.of("mixed")) ? d : d.resolve(paradigm);
    }

    private static String tag(double lr, double alpha) {
        return "lr-" + lr + "_alpha-" + alpha;
    }

    /** Trains one run. */
    void train(RunConfig c) {
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            if (GroupedRun.isGrouped(c)) {
                GroupedRun.train(c, manager, false, err);
            } else {
                TrainRun.run(c, manager, false, err, false);
            }
        }
    }

    /** Evaluates a trained run on the split {@code c} names. */
    EvalRun.Outcome eval(RunConfig c, Path runDir) {
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            return EvalRun.run(c, runDir, manager, err);
        }
    }

    /** Mean validation ROUGE-L over tasks: every task weighs the same, whatever its number of instances. */
    double validationScore(RunConfig c, Path runDir) {
        EvalRun.Outcome e = eval(c.copy().set("eval_split", "validation"), runDir);
        return e.tasks().stream().mapToDouble(t -> e.result().task(t).rougeL()).average().orElse(Double.NaN);
    }

    /**
     * Scores one trained seed on the test split, with its single-task baselines when asked.
     *
     * @param row the row
     * @param c the run's settings
     * @param runDir the run directory
     * @param seedIndex the seed's index
     */
    SeedResult seed(StudyRow row, RunConfig c, Path runDir, int seedIndex) {
        EvalRun.Outcome e = eval(c, runDir);
        Map<String, Double> perTask = new LinkedHashMap<>();
        e.tasks().forEach(t -> perTask.put(t, e.result().task(t).rougeL()));
        Map<String, Double> perInstance = new LinkedHashMap<>();
        for (InstanceScore s : e.result().report().single().instances()) {
            perInstance.put(s.id(), 100 * s.rougeL()); // the report's scale
        }
        List<String> trained = EvalRun.trainedTasks(runDir).stream().filter(perTask::containsKey).toList();
        Map<String, Double> single = plan.colla() ? singleTask(row, c, seedIndex, trained) : null;
        ContinualMetrics continual = null;
        if (e.accuracy() != null) {
            double[] baseline = single == null ? null : trained.stream().mapToDouble(single::get).toArray();
            continual = ContinualMetrics.of(e.accuracy(), baseline, plan.definition());
        }
        Double colla = null;
        if (single != null && !trained.isEmpty()) {
            colla = ContinualMetrics.colla(trained.stream().mapToDouble(perTask::get).toArray(),
                    trained.stream().mapToDouble(single::get).toArray());
        }
        MetricScores overall = e.result().report().overall();
        // Cl is the matrix's last row; when the matrix uses a subset (continual_test_instances) the headline score is
        // the final model on the whole test split instead, the same quantity measured on every instance.
        double score = continual != null && c.integer("continual_test_instances") <= 0 ? continual.cl()
                : overall.rougeL();
        JsonObject summary = summary(runDir);
        return new SeedResult(c.integer("seed"), runDir, score, overall.exactMatch(), perTask, perInstance, continual,
                colla, summary.get("train_seconds").getAsDouble(), summary.get("trainable_parameters").getAsLong(),
                summary.get("total_parameters").getAsLong(), e.accuracy(), trained);
    }

    /** Each task trained alone with the row's settings, seed and hyperparameters; test ROUGE-L per task. */
    private Map<String, Double> singleTask(StudyRow row, RunConfig c, int seedIndex, List<String> tasks) {
        Path dir = PathSegments.resolve(root, row.label(), "row label").resolve("single-task");
        if (plan.seeds() > 1) {
            dir = dir.resolve("seed-" + (baseSeed() + seedIndex));
        }
        if (plan.tuned()) {
            dir = dir.resolve(tag(c.number("learning_rate"), c.number("alpha")));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        for (String task : tasks) {
            Path runDir = PathSegments.resolve(dir, task, "task name");
            Double cached = singleTaskCache.get(runDir.toString());
            if (cached == null) {
                RunConfig one = c.copy().set("mode", "mixed").set("tasks", task).set("output", runDir.toString());
                err.println("-- single-task baseline: " + task + " (" + row.label() + ", seed " + c.integer("seed")
                        + ")");
                train(one);
                cached = eval(one, runDir).result().task(task).rougeL();
                singleTaskCache.put(runDir.toString(), cached);
            }
            out.put(task, cached);
        }
        return out;
    }

    private static JsonObject summary(Path runDir) {
        Path file = runDir.resolve(TrainRun.SUMMARY);
        try {
            return JsonParser.parseString(Files.readString(file)).getAsJsonObject();
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    /** A short description of a run for progress lines. */
    static String describe(StudyRow row, String paradigm, long seed, double lr, double alpha) {
        return String.format(Locale.ROOT, "== %s [%s] seed %d, lr %.3g, alpha %.3g", row.label(), paradigm, seed, lr,
                alpha);
    }
}
