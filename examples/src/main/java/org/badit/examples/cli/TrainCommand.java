package org.badit.examples.cli;

import ai.djl.ndarray.NDManager;
import java.util.concurrent.Callable;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.cli.config.RunConfigFlags;
import org.badit.examples.cli.run.GroupedRun;
import org.badit.examples.cli.run.TrainRun;
import org.badit.lora.engine.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code badit train}: instruct-tune a checkpoint on SuperNI tasks with one method. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Instruct-tune a Hugging Face checkpoint on SuperNI tasks (either layout) with one method.",
            "Writes config.json, metrics.jsonl, checkpoints/, adapter/ and train.json into --output."},
        footer = {"", "Example:", "  badit train --model ckpt/ --data superni-cl15/ --method badit --steps 500 "
            + "--output runs/badit"})
final class TrainCommand implements Callable<Integer> {

    @Mixin
    RunConfigFlags options;

    @Option(names = "--resume", description = "Continue from the latest checkpoint in --output.")
    boolean resume;

    @Option(names = "--task-groups", paramLabel = "FILE", description = "Train one adapter per group of a groups.json "
            + "(badit group-tasks writes one; a directory means DIR/groups.json) into --output/group-<i>/; `badit eval "
            + "--run` on --output then routes each task to its group's adapter. --resume finishes unfinished groups.")
    java.nio.file.Path taskGroups;

    @Option(names = "--group-budget", paramLabel = "same|split", description = "With --task-groups: every group "
            + "trains --steps (same, the default), or --steps x its share of the tasks, rounded up (split: the grouped "
            + "run costs what one all-tasks run costs). Settings task_groups and group_budget.")
    String groupBudget;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        RunConfig c = options.resolve();
        if (taskGroups != null) {
            c.set("task_groups", taskGroups.toString());
        }
        if (groupBudget != null) {
            c.set("group_budget", groupBudget);
        }
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            if (GroupedRun.isGrouped(c)) {
                GroupedRun.Outcome g = GroupedRun.train(c, manager, resume, System.err);
                System.out.printf("trained %d group adapters (%d already trained) in %s%n", g.groups().size(),
                        g.skipped().size(), g.runDir());
                return 0;
            }
            TrainRun.Outcome o = TrainRun.run(c, manager, resume, System.err);
            System.out.printf("trained %s for %d steps in %.1f s (final loss %.4f); adapter: %s%n",
                    o.adapted().config().method(), o.result().steps(), o.result().seconds(), o.result().finalLoss(),
                    o.runDir().resolve("adapter"));
        }
        return 0;
    }
}
