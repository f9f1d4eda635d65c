package org.badit.examples.cli.run;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Set;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.cli.config.RunConfigMapper;
import org.badit.core.method.Method;
import org.badit.superni.data.Split;

/**
 * Everything a study can get wrong, checked before the first training: the model directory, every row's settings
 * (methods, variant keys and values), the data of every seed, and the validation split of a tuned study. A failure
 * is one line naming the flag, key or file, and nothing has been written.
 */
final class StudyCheck {

    /** Keys compare sets for every row: a variant changing them would break the comparison's pairing. */
    private static final Set<String> STUDY_KEYS = Set.of("method", "mode", "seed", "output", "eval_split",
            "validation_instances", "validation_seed", "model", "data", "track", "tasks", "categories",
            "max_train_instances", "max_test_instances", "task_order_seed");

    private StudyCheck() {}

    static void check(RunConfig base, StudyPlan plan, StudyRunner runner) {
        Path model = Paths.get(base.require("model", "compare"));
        base.require("data", "compare");
        if (!Files.isDirectory(model)) {
            throw new IllegalArgumentException(model + ": no such model directory (--model)");
        }
        for (StudyRow row : plan.rows()) {
            Method.parse(row.method());
            for (String key : row.overrides().keySet()) {
                if (STUDY_KEYS.contains(key)) {
                    throw new IllegalArgumentException("--variant " + row.label() + ": '" + key + "' is set by "
                            + "compare for every row and cannot differ between rows");
                }
                if (key.equals("learning_rate") && !plan.lrGrid().isEmpty()) {
                    throw new IllegalArgumentException("--variant " + row.label() + ": learning_rate is chosen by "
                            + "--lr-grid; drop one of them");
                }
                if (key.equals("alpha") && !plan.alphaGrid().isEmpty() && row.svdInitialised()) {
                    throw new IllegalArgumentException("--variant " + row.label() + ": alpha is chosen by "
                            + "--alpha-grid; drop one of them");
                }
            }
            RunConfig rowBase = runner.rowBase(row); // unknown keys and bad values fail here, naming the variant
            for (String paradigm : plan.paradigms()) {
                RunConfig c = runner.config(row, paradigm, 0, rowBase.number("learning_rate"),
                        rowBase.number("alpha"), runner.runDir(row, paradigm, 0));
                try {
                    RunConfigMapper.method(c, 1);
                    RunConfigMapper.trainer(c, null);
                    RunConfigMapper.prompt(c);
                    if (GroupedRun.isGrouped(c)) {
                        GroupedRun.groups(c, "compare");
                    }
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException((row.overrides().isEmpty() ? "" : "--variant " + row.label()
                            + ": ") + e.getMessage(), e);
                }
            }
        }
        // The data of every seed (a capped sample depends on the seed), and the validation split when tuning.
        StudyRow first = plan.rows().get(0);
        for (int i = 0; i < plan.seeds(); i++) {
            RunConfig c = runner.config(first, plan.paradigms().get(0), i, 1, 1, runner.runDir(first, "mixed", i));
            RunConfigMapper.tasks(c, Split.TRAIN, "compare");
            RunConfigMapper.tasks(c, Split.TEST, "compare");
            if (plan.tuned()) {
                RunConfigMapper.validationTasks(c, "compare");
            }
        }
    }
}
