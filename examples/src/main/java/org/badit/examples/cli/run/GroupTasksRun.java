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
import org.badit.clustering.Partitions;
import org.badit.clustering.tasks.AffinityOracle;
import org.badit.clustering.tasks.GroupingMethod;
import org.badit.clustering.tasks.TaskGrouping;
import org.badit.core.data.SuperNiExamples;
import org.badit.core.data.TrainingExample;
import org.badit.core.grouping.AffinityWarmup;
import org.badit.core.grouping.GradientAffinity;
import org.badit.core.grouping.LossAffinity;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Methods;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.cli.config.RunConfigMapper;
import org.badit.examples.report.AffinityHeatmap;
import org.badit.lora.engine.Engines;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.io.DirectoryLock;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.Split;

/**
 * {@code badit group-tasks}: measure task affinities on the user's model and data, group the tasks, and write
 * {@code groups.json} (the groups, the affinity matrix, the objective, what it cost) and {@code affinity.png} (the
 * matrix ordered by group) into the output directory.
 */
public final class GroupTasksRun {

    /** The groups file's name in the output directory. */
    public static final String GROUPS = "groups.json";
    /** The heatmap's name in the output directory. */
    public static final String HEATMAP = "affinity.png";

    private GroupTasksRun() {}

    /** How affinities are measured. */
    public enum Estimator {
        /** Cosine of the groups' adapter gradients ({@link GradientAffinity}). */
        GRADIENT,
        /** Relative drop of a group's validation loss after a few steps on another ({@link LossAffinity}). */
        LOSS;

        static Estimator parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--estimator must be gradient or loss, got '" + s + "'", e);
            }
        }
    }

    /**
     * The command's knobs beyond the run settings.
     *
     * @param estimator gradient or loss
     * @param method sdp, sdp-adaptive, spectral or lloyd
     * @param groups k (0: chosen by the silhouette)
     * @param maxGroups the largest k the silhouette tries
     * @param batchTasks tasks per batch of the adaptive mode (0: half, rounded up)
     * @param warmupSteps multi-task steps before measuring
     * @param affinitySteps the loss estimator's steps per source group
     * @param examplesPerTask the gradient estimator's batch per group
     * @param validationInstances the loss estimator's held-out instances per task
     * @param truth a groups file to score the grouping against (adjusted Rand index), or null
     * @param affinity a groups.json whose measured matrix to group again instead of measuring (the model is not
     *     loaded), or null
     */
    public record Options(String estimator, String method, int groups, int maxGroups, int batchTasks,
            int warmupSteps, int affinitySteps, int examplesPerTask, int validationInstances, Path truth,
            Path affinity) {}

    /**
     * What it found.
     *
     * @param tasks task names, the matrix order
     * @param result the grouping
     * @param ari adjusted Rand index against {@code truth}, NaN without one
     * @param groupsFile the written groups.json
     * @param heatmap the written PNG
     */
    public record Outcome(List<String> tasks, TaskGrouping.Result result, double ari, Path groupsFile,
            Path heatmap) {}

    /**
     * Runs it.
     *
     * @param c the run settings (model, data, adapter, prompt, learning rate, batch size, seed, output)
     * @param o the grouping knobs
     * @param manager the manager of the weights
     * @param err where progress goes
     * @return the outcome
     */
    public static Outcome run(RunConfig c, Options o, NDManager manager, PrintStream err) {
        // Every check before loading the model or writing anything.
        Estimator parsed = Estimator.parse(o.estimator());
        GroupingMethod method;
        try {
            method = GroupingMethod.parse(o.method());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--method: " + e.getMessage(), e);
        }
        if (o.groups() < 0 || o.maxGroups() < 2 || o.batchTasks() < 0 || o.warmupSteps() < 0
                || o.affinitySteps() < 1 || o.examplesPerTask() < 1 || o.validationInstances() < 1) {
            throw new IllegalArgumentException("--groups, --batch-tasks and --warmup-steps must be >= 0, "
                    + "--max-groups >= 2, --affinity-steps, --examples-per-task and --val-instances >= 1");
        }
        Path out = Paths.get(c.require("output", "group-tasks"));
        Path modelDir = Paths.get(c.require("model", "group-tasks"));
        c.require("data", "group-tasks");
        RunConfigMapper.method(c, 1);
        RunConfigMapper.prompt(c);
        if (parsed == Estimator.LOSS && o.affinity() == null && c.integer("validation_instances") == 0) {
            c.set("validation_instances", o.validationInstances());
        }
        List<SuperNiTask> tasks = RunConfigMapper.tasks(c, Split.TRAIN, "group-tasks");
        List<String> names = tasks.stream().map(SuperNiTask::name).toList();
        if (o.groups() > tasks.size()) {
            throw new IllegalArgumentException("--groups " + o.groups() + " exceeds the number of tasks "
                    + tasks.size() + " in " + c.string("data"));
        }
        List<List<String>> truth = o.truth() == null ? null : TaskGroupsFile.read(o.truth(), names, c.string("data"));
        AffinityFile.Measured measured = o.affinity() == null ? null : AffinityFile.read(o.affinity(), names);
        Estimator estimator = measured != null ? measured.estimator() : parsed;
        List<SuperNiTask> validation = estimator == Estimator.LOSS && measured == null
                ? RunConfigMapper.validationTasks(c, "group-tasks") : List.of();
        if (c.integer("threads") > 0) {
            Engines.setThreads(c.integer("threads"));
        }
        try (DirectoryLock lock = DirectoryLock.acquire(out); NDManager scope = manager.newSubManager()) {
            int n = tasks.size();
            long t0 = System.nanoTime();
            AffinityOracle oracle = measured != null ? AffinityOracle.of(measured.affinity())
                    : measure(c, o, estimator, tasks, validation, modelDir, scope, err);
            TaskGrouping.Result r = TaskGrouping.builder().setMethod(method).optClusters(o.groups())
                    .optMaxClusters(o.maxGroups()).optBatchSize(o.batchTasks()).optSeed(c.integer("seed")).build()
                    .group(oracle, n);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double ari = truth == null ? Double.NaN : Partitions.adjustedRandIndex(labels(names, truth), r.labels());
            Map<String, Object> json = json(c, o, estimator, method, names, r, ari, seconds);
            Path groupsFile = out.resolve(GROUPS);
            AtomicFiles.writeString(groupsFile, new GsonBuilder().setPrettyPrinting()
                    .serializeSpecialFloatingPointValues().create().toJson(json) + "\n");
            Path heatmap = AffinityHeatmap.write(names, r.labels(), r.affinity(), estimator.name()
                    .toLowerCase(Locale.ROOT) + " affinity, " + method.id() + " groups (k = " + r.groups() + ")",
                    out.resolve(HEATMAP));
            return new Outcome(names, r, ari, groupsFile, heatmap);
        }
    }

    /** Loads the model, warms the adapter up and returns the estimator over it. */
    private static AffinityOracle measure(RunConfig c, Options o, Estimator estimator, List<SuperNiTask> tasks,
            List<SuperNiTask> validation, Path modelDir, NDManager scope, PrintStream err) {
        ModelSession session = ModelSession.open(modelDir, scope);
        List<TrainingExample> train = tokenize(c, tasks, session);
        AdaptedModel adapted = Methods.apply(session.model(), RunConfigMapper.method(c, tasks.size()));
        int n = tasks.size();
        int pad = session.tokenizer().padId();
        float lr = (float) c.number("learning_rate");
        int batch = c.integer("batch_size");
        AffinityWarmup.run(adapted, train, n, o.warmupSteps(), batch, lr, pad, c.integer("seed"));
        AffinityOracle oracle = estimator == Estimator.GRADIENT
                ? GradientAffinity.builder().setModel(adapted).setExamples(train, n).setPadId(pad)
                        .optExamplesPerTask(o.examplesPerTask()).build()
                : LossAffinity.builder().setModel(adapted).setExamples(train, tokenize(c, validation, session), n)
                        .setPadId(pad).optSteps(o.affinitySteps()).optBatchSize(batch).optLearningRate(lr)
                        .optSeed(c.integer("seed")).build();
        err.printf(Locale.ROOT, "group-tasks: %d tasks, %s affinities on %s%n", n,
                estimator.name().toLowerCase(Locale.ROOT), adapted.config().method().id());
        return oracle;
    }

    private static List<TrainingExample> tokenize(RunConfig c, List<SuperNiTask> tasks, ModelSession session) {
        return SuperNiExamples.tokenize(tasks, RunConfigMapper.prompt(c), session.tokenizer(),
                c.integer("max_prompt_tokens"), c.integer("max_target_tokens"));
    }

    /** The label of each task under a list of groups (tasks in none get their own singleton labels). */
    static int[] labels(List<String> names, List<List<String>> groups) {
        int[] out = new int[names.size()];
        int next = groups.size();
        for (int i = 0; i < names.size(); i++) {
            out[i] = -1;
            for (int g = 0; g < groups.size(); g++) {
                if (groups.get(g).contains(names.get(i))) {
                    out[i] = g;
                }
            }
            if (out[i] == -1) {
                out[i] = next++;
            }
        }
        return out;
    }

    private static Map<String, Object> json(RunConfig c, Options o, Estimator estimator, GroupingMethod method,
            List<String> names, TaskGrouping.Result r, double ari, double seconds) {
        List<List<String>> groups = new ArrayList<>();
        Map<String, Integer> assignment = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            while (groups.size() <= r.labels()[i]) {
                groups.add(new ArrayList<>());
            }
            groups.get(r.labels()[i]).add(names.get(i));
            assignment.put(names.get(i), r.labels()[i]);
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put(TaskGroupsFile.FIELD, groups);
        json.put("assignment", assignment);
        json.put("tasks", names);
        json.put("affinity", r.affinity());
        json.put("objective", r.objective());
        json.put("silhouette", r.silhouette());
        json.put("k", r.clusters());
        json.put("k_criterion", r.criterion());
        json.put("groups_found", r.groups());
        json.put("method", method.id());
        json.put("estimator", estimator.name().toLowerCase(Locale.ROOT));
        json.put("affinity_evaluations", r.evaluations());
        json.put("affinity_evaluations_full", r.fullEvaluations());
        json.put("affinity_passes", r.passes());
        json.put("affinity_passes_full", r.fullPasses());
        json.put("affinity_seconds", seconds);
        if (o.affinity() != null) {
            json.put("affinity_from", o.affinity().toString());
        }
        if (o.truth() != null) {
            json.put("truth", o.truth().toString());
            json.put("ari_vs_truth", ari);
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("model", c.string("model"));
        settings.put("data", c.string("data"));
        settings.put("adapter", c.string("method"));
        settings.put("rank", c.integer("rank"));
        settings.put("experts", c.integer("experts"));
        settings.put("targets", c.list("targets"));
        settings.put("learning_rate", c.number("learning_rate"));
        settings.put("batch_size", c.integer("batch_size"));
        settings.put("seed", c.integer("seed"));
        settings.put("max_train_instances", c.integer("max_train_instances"));
        settings.put("warmup_steps", o.warmupSteps());
        if (estimator == Estimator.LOSS) {
            settings.put("affinity_steps", o.affinitySteps());
            settings.put("validation_instances", c.integer("validation_instances"));
        } else {
            settings.put("examples_per_task", o.examplesPerTask());
        }
        if (method == GroupingMethod.SDP_ADAPTIVE) {
            settings.put("batch_tasks", o.batchTasks());
        }
        json.put("settings", settings);
        return json;
    }

    /**
     * The groups file a path names (a {@code group-tasks} output directory stands for its groups.json).
     *
     * @param p a path given as {@code --task-groups}
     * @return the groups file: {@code p}, or {@code p/groups.json} when p is a directory
     */
    public static Path groupsFile(Path p) {
        return Files.isDirectory(p) ? p.resolve(GROUPS) : p;
    }
}
