package org.badit.examples.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.cli.run.GroupTasksRun;
import org.badit.lora.engine.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit group-tasks}: which tasks to train together, from task affinities measured on the user's data. */
@Command(name = "group-tasks", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Measure an n x n task-affinity matrix on a checkpoint and SuperNI data, group the tasks "
            + "(SDP relaxation one-shot or adaptive, spectral, or Lloyd) and write groups.json (groups, affinity "
            + "matrix, objective, cost) and affinity.png (the matrix ordered by group) into --output.",
            "Estimators: gradient = cosine of per-group adapter gradients (one backward pass per group, cheap); "
            + "loss = relative drop of a group's validation loss after --affinity-steps steps on another, "
            + "symmetrised (steps x groups optimizer steps, the expensive one; sdp-adaptive asks only for "
            + "clusters-vs-new-tasks pairs).",
            "Then: badit train --task-groups DIR/groups.json ... trains one adapter per group."},
        footer = {"", "Example:", "  badit group-tasks --model ckpt/ --data superni-cl15/ --estimator gradient "
            + "--method sdp --output runs/groups"})
final class GroupTasksCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face checkpoint directory.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "SuperNI data (either layout).")
    String data;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "Where groups.json and "
            + "affinity.png go.")
    String output;

    @Option(names = "--groups", paramLabel = "K", defaultValue = "0", description = "Number of groups (default 0: "
            + "the k in [2, min(n-1, --max-groups)] with the best mean silhouette).")
    int groups;

    @Option(names = "--max-groups", defaultValue = "8", description = "Largest k the silhouette tries (default: "
            + "${DEFAULT-VALUE}).")
    int maxGroups;

    @Option(names = "--estimator", defaultValue = "gradient", paramLabel = "gradient|loss",
            description = "How affinities are measured (default: ${DEFAULT-VALUE}).")
    String estimator;

    @Option(names = "--method", defaultValue = "sdp", paramLabel = "sdp|sdp-adaptive|spectral|lloyd",
            description = "How tasks are grouped (default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--batch-tasks", defaultValue = "0", description = "sdp-adaptive: tasks added per batch, in data "
            + "order (default 0: half the tasks, rounded up).")
    int batchTasks;

    @Option(names = "--warmup-steps", defaultValue = "0", description = "Steps on all tasks together before "
            + "measuring (default: ${DEFAULT-VALUE}: affinities at the freshly initialised adapter).")
    int warmupSteps;

    @Option(names = "--affinity-steps", defaultValue = "5", description = "loss: optimizer steps per source group "
            + "(default: ${DEFAULT-VALUE}).")
    int affinitySteps;

    @Option(names = "--examples-per-task", defaultValue = "8", description = "gradient: examples per group's batch "
            + "(default: ${DEFAULT-VALUE}).")
    int examplesPerTask;

    @Option(names = "--val-instances", defaultValue = "8", description = "loss: training instances held out per "
            + "task to measure the loss on (default: ${DEFAULT-VALUE}).")
    int valInstances;

    @Option(names = "--truth", paramLabel = "FILE", description = "A groups file with a reference grouping: "
            + "report the adjusted Rand index against it.")
    Path truth;

    @Option(names = "--affinity", paramLabel = "FILE", description = "Group the matrix a previous groups.json "
            + "measured (same tasks) instead of measuring again: another --method or --groups costs no model time.")
    Path affinity;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any run setting of docs/configuration.md "
            + "(the adapter measured: method, rank, targets; learning_rate, batch_size, max_train_instances, tasks, "
            + "seed, threads, ...). The adapter defaults to lora.")
    Map<String, String> set = new LinkedHashMap<>();

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        RunConfig c = RunConfig.defaults().set("model", model).set("data", data).set("output", output)
                .set("method", "lora");
        set.forEach(c::set);
        GroupTasksRun.Options o = new GroupTasksRun.Options(estimator, method, groups, maxGroups, batchTasks,
                warmupSteps, affinitySteps, examplesPerTask, valInstances, truth, affinity);
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            GroupTasksRun.Outcome out = GroupTasksRun.run(c, o, manager, System.err);
            var r = out.result();
            for (int g = 0; g < r.groups(); g++) {
                StringBuilder line = new StringBuilder("group " + g + ":");
                for (int i = 0; i < out.tasks().size(); i++) {
                    if (r.labels()[i] == g) {
                        line.append(' ').append(out.tasks().get(i));
                    }
                }
                System.out.println(line);
            }
            System.out.printf(Locale.ROOT, "k = %d (%s); objective %.4f, silhouette %.4f; affinity evaluations %d "
                    + "node pairs and %d passes (one-shot: %d and %d)%n", r.clusters(), r.criterion(), r.objective(),
                    r.silhouette(), r.evaluations(), r.passes(), r.fullEvaluations(), r.fullPasses());
            if (!Double.isNaN(out.ari())) {
                System.out.printf(Locale.ROOT, "adjusted Rand index against %s: %.4f%n", truth, out.ari());
            }
            System.out.println("groups: " + out.groupsFile() + "\nheatmap: " + out.heatmap());
        }
        return 0;
    }
}
