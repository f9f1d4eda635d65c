package org.badit.examples.cli.run;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.badit.core.eval.EvaluationResult;
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
 * {@code badit train --task-groups groups.json}: one adapter per group of tasks, each an ordinary run directory
 * {@code group-<i>/} (config.json, checkpoints/, adapter/, train.json) under the output, plus {@code task-groups.json}
 * (the groups and each group's steps). {@code badit eval} on such a directory routes every task to its group's
 * adapter, then scores all predictions together ({@code eval/predictions.jsonl}, {@code eval/metrics.json},
 * {@code eval/routing.json}); each group's own evaluation stays in {@code group-<i>/eval/}.
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
     * Trains one adapter per group.
     *
     * @param c the settings shared by every group (tasks and output are set per group)
     * @param groupsPath a groups file, or a {@code group-tasks} output directory holding {@code groups.json}
     * @param budget {@code same} (every group gets max_steps) or {@code split} (max_steps × |group| / tasks grouped,
     *     rounded up: the whole run costs what one all-tasks run costs)
     * @param manager the manager of the weights
     * @param resume skip finished groups and resume the others
     * @param err progress output
     * @return what was trained
     */
    public static Outcome train(RunConfig c, Path groupsPath, String budget, NDManager manager, boolean resume,
            PrintStream err) {
        Path out = Paths.get(c.require("output", "train"));
        RunConfigMapper.method(c, 1);
        RunConfigMapper.trainer(c, out);
        RunConfigMapper.prompt(c);
        c.require("model", "train");
        if (!budget.equals("same") && !budget.equals("split")) {
            throw new IllegalArgumentException("--group-budget must be same or split, got '" + budget + "'");
        }
        List<String> known = RunConfigMapper.tasks(c, Split.TRAIN, "train").stream().map(SuperNiTask::name).toList();
        List<List<String>> groups = TaskGroupsFile.read(GroupTasksRun.groupsFile(groupsPath), known,
                c.string("data"));
        int grouped = groups.stream().mapToInt(List::size).sum();
        List<Integer> steps = new ArrayList<>();
        for (List<String> g : groups) {
            int max = c.integer("max_steps");
            steps.add(budget.equals("split") && max > 0 ? (int) Math.ceil((double) max * g.size() / grouped) : max);
        }
        Map<String, Object> marker = new LinkedHashMap<>();
        marker.put(TaskGroupsFile.FIELD, groups);
        marker.put("source", groupsPath.toString());
        marker.put("budget", budget);
        marker.put("steps", steps);
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(marker) + "\n";
        if (resume && isGrouped(out)) {
            requireSameGroups(out.resolve(MARKER), groups);
        }
        List<Integer> skipped = new ArrayList<>();
        try (DirectoryLock lock = DirectoryLock.acquire(out)) {
            AtomicFiles.writeString(out.resolve(MARKER), json);
            for (int g = 0; g < groups.size(); g++) {
                Path dir = groupDir(out, g);
                if (resume && Files.isRegularFile(dir.resolve(TrainRun.SUMMARY))) {
                    err.printf(Locale.ROOT, "group %d of %d already trained: %s%n", g + 1, groups.size(), dir);
                    skipped.add(g);
                    continue;
                }
                err.printf(Locale.ROOT, "group %d of %d (%d steps): %s%n", g + 1, groups.size(), steps.get(g),
                        groups.get(g));
                RunConfig gc = c.copy().set("tasks", groups.get(g)).set("output", dir.toString())
                        .set("max_steps", steps.get(g));
                try (NDManager scope = manager.newSubManager()) {
                    TrainRun.run(gc, scope, resume, err, false);
                }
            }
        }
        return new Outcome(out, groups, steps, skipped);
    }

    private static void requireSameGroups(Path marker, List<List<String>> groups) {
        List<List<String>> before = TaskGroupsFile.read(marker, null, "");
        if (!before.equals(groups)) {
            throw new IllegalArgumentException(marker + ": --resume with other groups than the run was started with ("
                    + before + "); resume with the same groups file, or start a fresh run in another --output");
        }
    }

    /**
     * Evaluates a grouped run: each group's tasks with that group's adapter, then all predictions scored together.
     *
     * @param runDir the grouped run directory
     * @param overrides changes to every group's settings (model, data, caps, --set)
     * @param manager the manager of the weights
     * @param err progress output
     * @return the merged evaluation (no accuracy matrix)
     */
    public static EvalRun.Outcome eval(Path runDir, Consumer<RunConfig> overrides, NDManager manager,
            PrintStream err) {
        // The marker was checked against the data when training started; here it only needs to be well formed.
        List<List<String>> groups = TaskGroupsFile.read(runDir.resolve(MARKER), null, runDir.toString());
        List<RunConfig> configs = new ArrayList<>();
        for (int g = 0; g < groups.size(); g++) {
            Path dir = groupDir(runDir, g);
            if (!Files.isRegularFile(dir.resolve(TrainRun.SUMMARY))) {
                throw new IllegalArgumentException(dir + ": group " + g + " is not trained yet (no train.json); "
                        + "finish it with `badit train --task-groups ... --resume`");
            }
            RunConfig gc = EvalRun.settingsOf(dir);
            overrides.accept(gc);
            configs.add(gc);
        }
        boolean validation = EvalRun.validation(configs.get(0));
        List<Prediction> predictions = new ArrayList<>();
        List<SuperNiTask> tests = new ArrayList<>();
        Map<String, String> routing = new LinkedHashMap<>();
        try (DirectoryLock lock = DirectoryLock.acquire(runDir)) {
            for (int g = 0; g < groups.size(); g++) {
                RunConfig gc = configs.get(g);
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
                    EvaluationFiles.references(tests, Track.of(configs.get(0).string("track"))));
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
}
