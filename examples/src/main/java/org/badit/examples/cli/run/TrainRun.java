package org.badit.examples.cli.run;

import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.badit.lora.io.PathSegments;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.cli.config.RunConfigMapper;
import org.badit.examples.cli.config.ResumeCheck;
import org.badit.core.adapter.AdapterFiles;
import org.badit.core.data.SuperNiExamples;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.Methods;
import org.badit.core.train.Checkpoints;
import org.badit.core.train.ConsoleProgress;
import org.badit.core.train.MetricsLog;
import org.badit.core.train.Trainer;
import org.badit.core.train.TrainingListener;
import org.badit.lora.engine.Engines;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.io.DirectoryLock;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.Split;

/**
 * {@code badit train}: instruct-tune a checkpoint on SuperNI tasks with one method, writing into the run directory
 * {@code config.json} (the effective settings), {@code metrics.jsonl}, {@code checkpoints/}, {@code adapter/},
 * {@code stages/<n>-<task>/} (sequential mode: the adapter after each task) and {@code train.json} (a summary).
 */
public final class TrainRun {

    /** Name of the summary file in the run directory. */
    public static final String SUMMARY = "train.json";

    private TrainRun() {}

    /**
     * What a training run produced.
     *
     * @param runDir the run directory
     * @param adapted the trained model
     * @param session the model and tokenizer
     * @param tasks the training tasks in training order
     * @param result the trainer's result
     */
    public record Outcome(Path runDir, AdaptedModel adapted, ModelSession session, List<SuperNiTask> tasks,
            Trainer.Result result) {}

    /**
     * Trains.
     *
     * @param c the settings
     * @param manager the manager of the weights
     * @param resume continue from the run directory's latest checkpoint
     * @param err where the progress bar goes
     * @return the outcome
     */
    public static Outcome run(RunConfig c, NDManager manager, boolean resume, PrintStream err) {
        return run(c, manager, resume, err, true);
    }

    /**
     * Trains.
     *
     * @param c the settings
     * @param manager the manager of the weights
     * @param resume continue from the run directory's latest checkpoint
     * @param err where the progress bar goes
     * @param printConfig print the effective settings before training
     * @return the outcome
     */
    public static Outcome run(RunConfig c, NDManager manager, boolean resume, PrintStream err, boolean printConfig) {
        if (GroupedRun.isGrouped(c)) {
            // One adapter per group is GroupedRun's: training every task into one adapter here would be wrong.
            throw new IllegalArgumentException("task_groups is set: train it with GroupedRun.train (badit train "
                    + "--task-groups)");
        }
        Path out = Paths.get(c.string("output"));
        // Validate every setting before loading anything, so a typo costs nothing and says what is wrong.
        RunConfigMapper.method(c, 1);
        RunConfigMapper.trainer(c, out);
        RunConfigMapper.prompt(c);
        Path modelDir = Paths.get(c.require("model", "train"));
        c.require("data", "train");
        if (resume) {
            ResumeCheck.requireSameSettings(out, c);
        }
        if (c.integer("threads") > 0) {
            Engines.setThreads(c.integer("threads"));
        }
        // One writer per run directory: a second process refuses here, before loading anything.
        try (DirectoryLock lock = DirectoryLock.acquire(out)) {
            return trainLocked(c, manager, resume, err, printConfig, out, modelDir);
        }
    }

    private static Outcome trainLocked(RunConfig c, NDManager manager, boolean resume, PrintStream err,
            boolean printConfig, Path out, Path modelDir) {
        ModelSession session = ModelSession.open(modelDir, manager);
        List<SuperNiTask> tasks = RunConfigMapper.tasks(c, Split.TRAIN, "train");
        if (printConfig) {
            err.println("effective configuration (saved as " + out.resolve("config.json") + "):");
            err.println(c.toJson());
        }
        List<TrainingExample> examples = SuperNiExamples.tokenize(tasks, RunConfigMapper.prompt(c), session.tokenizer(),
                c.integer("max_prompt_tokens"), c.integer("max_target_tokens"));
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("the matched tasks have no training instances");
        }
        AdaptedModel adapted = Methods.apply(session.model(), RunConfigMapper.method(c, tasks.size()));
        AtomicFiles.writeString(out.resolve("config.json"), c.toJson() + "\n");
        err.printf(Locale.ROOT, "%s on %d tasks (%d examples): %s%n", adapted.config().method(), tasks.size(),
                examples.size(), adapted.injection());
        List<TrainingListener> listeners = new ArrayList<>();
        MetricsLog metrics = new MetricsLog(out.resolve("metrics.jsonl"), resume ? Checkpoints.latestStep(out) : 0);
        listeners.add(metrics);
        listeners.add(new ConsoleProgress(err, System.console() != null, 10));
        if (c.string("mode").equals("sequential")) {
            listeners.add(new TrainingListener() {
                @Override
                public void onStageEnd(int stage, String task) {
                    AdapterFiles.save(adapted, stageDir(out, stage, task));
                }
            });
        }
        Trainer.Result result;
        try {
            result = new Trainer(RunConfigMapper.trainer(c, out, tasks.size()), listeners).fit(adapted, examples,
                    session.tokenizer().padId(), resume);
        } finally {
            metrics.close();
        }
        AdapterFiles.save(adapted, out.resolve("adapter"));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("method", adapted.config().method().id());
        summary.put("tasks", tasks.stream().map(SuperNiTask::name).toList());
        summary.put("examples", examples.size());
        summary.put("steps", result.steps());
        // NaN when a resume found the run already finished (no step ran): JSON has no NaN, so null.
        summary.put("final_loss", Double.isNaN(result.finalLoss()) ? null : result.finalLoss());
        summary.put("train_seconds", result.seconds());
        summary.put("resumed_from_step", result.resumedFrom());
        summary.put("trainable_parameters", adapted.injection().trainableParameters());
        summary.put("total_parameters", adapted.injection().totalParameters());
        AtomicFiles.writeString(out.resolve(SUMMARY),
                new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(summary) + "\n");
        return new Outcome(out, adapted, session, tasks, result);
    }

    /**
     * The directory of a sequential stage's adapter snapshot.
     *
     * @param runDir the run directory
     * @param stage the stage index
     * @param task the stage's task
     * @return {@code stages/<nn>-<task>}
     */
    public static Path stageDir(Path runDir, int stage, String task) {
        return PathSegments.resolve(runDir.resolve("stages"), String.format(Locale.ROOT, "%02d-%s", stage, task),
                "stage of task");
    }
}
