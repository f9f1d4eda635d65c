package org.badit.examples.cli.run;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.badit.core.eval.EvaluationResult;
import org.badit.examples.cli.config.ResumeCheck;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.cli.config.RunConfigMapper;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.io.DirectoryLock;
import org.badit.lora.io.PathSegments;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.EvaluationFiles;
import org.badit.superni.data.Split;
import org.badit.superni.metrics.EvaluationReport;
import org.badit.superni.metrics.Prediction;
import org.badit.superni.metrics.SuperNiEvaluator;
import org.badit.superni.metrics.Track;

/**
 * A run with {@code task_groups} set ({@code train --task-groups groups.json}): one adapter per group of tasks, each
 * an ordinary run directory {@code group-<i>/} (config.json, checkpoints/, adapter/, train.json) under the output,
 * plus {@code task-groups.json} (the groups and each group's steps), the shared {@code config.json}, a
 * {@code train.json} that sums the groups and a {@code metrics.jsonl} that chains theirs. Evaluating such a directory routes every task to its group's adapter, then
 * scores all predictions together ({@code eval/predictions.jsonl}, {@code eval/metrics.json},
 * {@code eval/routing.json}); each group's own evaluation stays in {@code group-<i>/eval/}. {@code compare} runs it as
 * any row: {@code --variant grouped=lora:task_groups=groups.json}.
 *
 * <p>Resume: {@code --resume} skips the groups whose {@code train.json} exists (finished) and resumes the others from
 * their latest checkpoint, so a kill costs at most one group's steps since its last checkpoint.
 */
public final class GroupedRun {

    /** The file that marks a grouped run directory. */
    public static final String MARKER = "task-groups.json";

    private GroupedRun() {}

    /**
     * What a grouped training did.
     *
     * @param runDir the grouped run directory
     * @param groups the groups, in file order
     * @param steps each group's optimizer steps (0: from epochs)
     * @param skipped the groups already trained (on resume)
     */
    public record Outcome(Path runDir, List<List<String>> groups, List<Integer> steps, List<Integer> skipped) {}

    /**
     * Whether a run directory is a grouped one.
     *
     * @param runDir a run directory
     * @return true when it holds {@value #MARKER}
     */
    public static boolean isGrouped(Path runDir) {
        return Files.isRegularFile(runDir.resolve(MARKER));
    }

    /**
     * Whether settings ask for a grouped run.
     *
     * @param c the settings
     * @return true when {@code task_groups} is set
     */
    public static boolean isGrouped(RunConfig c) {
        return !c.string("task_groups").isBlank();
    }

    /**
     * The run directory of one group.
     *
     * @param runDir the grouped run directory
     * @param group the group's index
     * @return {@code runDir/group-<group>}
     */
    public static Path groupDir(Path runDir, int group) {
        return PathSegments.resolve(runDir, "group-" + group, "group");
    }

    /**
     * Reads and checks the groups the settings name, against the tasks of their data.
     *
     * @param c the settings ({@code task_groups}, {@code group_budget}, data)
     * @param command the command, for messages
     * @return the groups
     * @throws IllegalArgumentException naming the file and field, or the setting
     */
    public static List<List<String>> groups(RunConfig c, String command) {
        String budget = c.string("group_budget");
        if (!budget.equals("same") && !budget.equals("split")) {
            throw new IllegalArgumentException("group_budget (--group-budget) must be same or split, got '" + budget
                    + "'");
        }
        List<String> known = RunConfigMapper.tasks(c, Split.TRAIN, command).stream().map(SuperNiTask::name).toList();
        return TaskGroupsFile.read(GroupTasksRun.groupsFile(Paths.get(c.string("task_groups"))), known,
                c.string("data"));
    }

    /**
     * The settings of one group: the shared ones with the group's tasks, directory and steps.
     *
     * @param c the grouped run's settings
     * @param runDir the grouped run directory
     * @param g the group's index
     * @param tasks the group's tasks
     * @param steps the group's steps
     * @return the group's settings ({@code task_groups} cleared)
     */
    private static RunConfig groupConfig(RunConfig c, Path runDir, int g, List<String> tasks, int steps) {
        return c.copy().set("tasks", tasks).set("output", groupDir(runDir, g).toString()).set("max_steps", steps)
                .set("task_groups", "");
    }

    private static List<Integer> steps(RunConfig c, List<List<String>> groups) {
        int grouped = groups.stream().mapToInt(List::size).sum();
        int max = c.integer("max_steps");
        List<Integer> steps = new ArrayList<>();
        for (List<String> g : groups) {
            steps.add(c.string("group_budget").equals("split") && max > 0
                    ? (int) Math.ceil((double) max * g.size() / grouped) : max);
        }
        return steps;
    }

    /**
     * Trains one adapter per group.
     *
     * @param c the settings shared by every group, {@code task_groups} set
     * @param manager the manager of the weights
     * @param resume skip finished groups and resume the others
     * @param err progress output
     * @return what was trained
     */
    public static Outcome train(RunConfig c, NDManager manager, boolean resume, PrintStream err) {
        Path out = Paths.get(c.require("output", "train"));
        RunConfigMapper.method(c, 1);
        RunConfigMapper.trainer(c, out);
        RunConfigMapper.prompt(c);
        c.require("model", "train");
        List<List<String>> groups = groups(c, "train");
        List<Integer> steps = steps(c, groups);
        if (resume) {
            ResumeCheck.requireSameSettings(out, c);
        }
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put(TaskGroupsFile.FIELD, groups);
        marker.put("source", c.string("task_groups"));
        marker.put("budget", c.string("group_budget"));
        marker.put("steps", steps);
        List<Integer> skipped = new ArrayList<>();
        try (DirectoryLock lock = DirectoryLock.acquire(out)) {
            AtomicFiles.writeString(out.resolve("config.json"), c.toJson() + "\n");
            AtomicFiles.writeString(out.resolve(MARKER), new GsonBuilder().setPrettyPrinting().create()
                    .toJson(marker) + "\n");
            for (int g = 0; g < groups.size(); g++) {
                Path dir = groupDir(out, g);
                if (resume && Files.isRegularFile(dir.resolve(TrainRun.SUMMARY))) {
                    err.printf(Locale.ROOT, "group %d of %d already trained: %s%n", g + 1, groups.size(), dir);
                    skipped.add(g);
                    continue;
                }
                err.printf(Locale.ROOT, "group %d of %d (%d steps): %s%n", g + 1, groups.size(), steps.get(g),
                        groups.get(g));
                try (NDManager scope = manager.newSubManager()) {
                    TrainRun.run(groupConfig(c, out, g, groups.get(g), steps.get(g)), scope, resume, err, false);
                }
            }
            AtomicFiles.writeString(out.resolve("metrics.jsonl"), metrics(out, groups.size()));
            AtomicFiles.writeString(out.resolve(TrainRun.SUMMARY), new GsonBuilder().setPrettyPrinting()
                    .serializeNulls().create().toJson(summary(out, groups)) + "\n");
        }
        return new Outcome(out, groups, steps, skipped);
    }

    /**
     * The groups' metrics.jsonl one after another, as the groups trained: steps renumbered from 1 and the group's
     * index as the stage, so reports read a grouped run as a staged one.
     */
    private static String metrics(Path out, int groups) {
        StringBuilder sb = new StringBuilder();
        long offset = 0;
        for (int g = 0; g < groups; g++) {
            Path file = groupDir(out, g).resolve("metrics.jsonl");
            long last = 0;
            try {
                for (String line : Files.readAllLines(file)) {
                    if (line.isBlank()) {
                        continue;
                    }
                    JsonObject o = JsonParser.parseString(line).getAsJsonObject();
                    last = o.get("step").getAsLong();
                    o.addProperty("step", offset + last);
                    o.addProperty("stage", g);
                    sb.append(o).append('\n');
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
            offset += last;
        }
        return sb.toString();
    }

    /** The groups' train.json summed: what a study reads of a run (tasks, time, parameters). */
    private static Map<String, Object> summary(Path out, List<List<String>> groups) {
        List<String> tasks = new ArrayList<>();
        long steps = 0;
        long examples = 0;
        double seconds = 0;
        long trainable = 0;
        long total = 0;
        for (int g = 0; g < groups.size(); g++) {
            Path file = groupDir(out, g).resolve(TrainRun.SUMMARY);
            JsonObject o;
            try {
                o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
            o.getAsJsonArray("tasks").forEach(t -> tasks.add(t.getAsString()));
            steps += o.get("steps").getAsLong();
            examples += o.get("examples").getAsLong();
            seconds += o.get("train_seconds").getAsDouble();
            trainable += o.get("trainable_parameters").getAsLong();
            // The base model once, every group's adapter on top of it.
            long base = o.get("total_parameters").getAsLong() - o.get("trainable_parameters").getAsLong();
            total = g == 0 ? base : total;
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("groups", groups.size());
        s.put("tasks", tasks);
        s.put("examples", examples);
        s.put("steps", steps);
        s.put("final_loss", null);
        s.put("train_seconds", seconds);
        s.put("resumed_from_step", 0);
        s.put("trainable_parameters", trainable);
        s.put("total_parameters", total + trainable);
        return s;
    }

    /**
     * Evaluates a grouped run: each group's tasks with that group's adapter, then all predictions scored together.
     *
     * @param c the grouped run's settings (its config.json, possibly overridden)
     * @param runDir the grouped run directory
     * @param manager the manager of the weights
     * @param err progress output
     * @return the merged evaluation (no accuracy matrix)
     */
    public static EvalRun.Outcome eval(RunConfig c, Path runDir, NDManager manager, PrintStream err) {
        // The marker was checked against the data when training started; here it only needs to be well formed.
        List<List<String>> groups = TaskGroupsFile.read(runDir.resolve(MARKER), null, runDir.toString());
        List<Integer> steps = steps(c, groups);
        for (int g = 0; g < groups.size(); g++) {
            Path dir = groupDir(runDir, g);
            if (!Files.isRegularFile(dir.resolve(TrainRun.SUMMARY))) {
                throw new IllegalArgumentException(dir + ": group " + g + " is not trained yet (no train.json); "
                        + "finish it with `badit train --task-groups ... --resume`");
            }
        }
        boolean validation = EvalRun.validation(c);
        List<Prediction> predictions = new ArrayList<>();
        List<SuperNiTask> tests = new ArrayList<>();
        Map<String, String> routing = new LinkedHashMap<>();
        for (int g = 0; g < groups.size(); g++) {
            RunConfig gc = groupConfig(c, runDir, g, groups.get(g), steps.get(g));
            Path dir = groupDir(runDir, g);
            err.printf(Locale.ROOT, "eval: group %d of %d: %s%n", g + 1, groups.size(), groups.get(g));
            try (NDManager scope = manager.newSubManager()) {
                predictions.addAll(EvalRun.run(gc, dir, scope, err).result().predictions());
            }
            tests.addAll(validation ? RunConfigMapper.validationTasks(gc, "eval")
                    : RunConfigMapper.tasks(gc, Split.TEST, "eval"));
            groups.get(g).forEach(t -> routing.put(t, dir.getFileName() + "/adapter"));
        }
        EvaluationReport report = SuperNiEvaluator.builder().build().score(predictions,
                EvaluationFiles.references(tests, Track.of(c.string("track"))));
        EvaluationResult result = new EvaluationResult(predictions, report);
        Path out = runDir.resolve(validation ? EvalRun.VALIDATION_DIR : "eval");
        result.writePredictions(out.resolve("predictions.jsonl"));
        result.writeMetrics(out.resolve("metrics.json"));
        AtomicFiles.writeString(out.resolve("routing.json"), new GsonBuilder().setPrettyPrinting().create()
                .toJson(routing) + "\n");
        err.printf(Locale.ROOT, "eval: rougeL %.4f, exact_match %.4f on %d tasks in %d groups -> %s%n",
                report.overall().rougeL(), report.overall().exactMatch(), tests.size(), groups.size(), out);
        return new EvalRun.Outcome(out, result, tests.stream().map(SuperNiTask::name).toList(), null, null);
    }
}
