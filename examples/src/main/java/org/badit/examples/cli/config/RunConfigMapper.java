package org.badit.examples.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.badit.core.expert.Dog;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.RouterType;
import org.badit.core.train.TrainerConfig;
import org.badit.lora.TargetModules;
import org.badit.lora.init.SvdMethod;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.Split;
import org.badit.superni.data.SuperNiLoader;
import org.badit.superni.prompt.PaperPrompt;
import org.badit.superni.prompt.PromptTemplate;
import org.badit.superni.prompt.TkInstructPrompt;

/** Turns a {@link RunConfig} into the library's typed configurations: the one place the CLI maps settings. */
public final class RunConfigMapper {

    private RunConfigMapper() {}

    /**
     * The method and its budget.
     *
     * @param c the settings
     * @param tasks the number of task ids (task router)
     * @return the method config
     */
    public static MethodConfig method(RunConfig c, int tasks) {
        Method method = Method.parse(c.string("method"));
        MethodConfig.DogSettings dog = new MethodConfig.DogSettings((float) c.number("dog_ema_beta"),
                c.integer("dog_regroup_every"), c.number("dog_regroup_until"), c.integer("dog_restarts"),
                c.bool("dog_orthogonalize"), c.string("dog_backend"), (float) c.number("dog_orthogonalize_max_spread"),
                Dog.Orthogonalization.parse(c.string("dog_orthogonalization")), c.integer("dog_handoff_steps"));
        return MethodConfig.builder().setMethod(method).optExperts(c.integer("experts")).optRank(c.integer("rank"))
                .optAlpha((float) c.number("alpha")).optRouter(RouterType.parse(c.string("router")))
                .optTargets(targets(c.list("targets"))).optSvd(svd(c.string("svd")))
                .optDropout((float) c.number("dropout")).optTasks(Math.max(1, tasks)).optSeed(c.integer("seed"))
                .optDog(dog).build();
    }

    /**
     * Parses target modules: {@code all-linear}, {@code regex:<pattern>} or module names.
     *
     * @param targets the setting
     * @return the targets
     */
    public static TargetModules targets(List<String> targets) {
        if (targets.size() == 1 && targets.get(0).equals(TargetModules.ALL_LINEAR)) {
            return TargetModules.allLinear();
        }
        if (targets.size() == 1 && targets.get(0).startsWith("regex:")) {
            return TargetModules.regex(targets.get(0).substring("regex:".length()));
        }
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("targets must name at least one module (or all-linear)");
        }
        return TargetModules.names(targets);
    }

    /**
     * Parses an SVD method: {@code auto} (null), {@code exact} or {@code randomized:<niter>}.
     *
     * @param s the setting
     * @return the method, or null for auto
     */
    public static SvdMethod svd(String s) {
        if (s.equals("auto")) {
            return null;
        }
        if (s.equals("exact")) {
            return SvdMethod.exact();
        }
        if (s.startsWith("randomized:")) {
            try {
                return SvdMethod.randomized(Integer.parseInt(s.substring("randomized:".length())));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("svd must be auto, exact or randomized:<niter>, got '" + s + "'",
                        e);
            }
        }
        throw new IllegalArgumentException("svd must be auto, exact or randomized:<niter>, got '" + s + "'");
    }

    /**
     * The training settings.
     *
     * @param c the settings
     * @param output the run directory (null: no checkpoints)
     * @return the trainer config
     */
    public static TrainerConfig trainer(RunConfig c, Path output) {
        return trainer(c, output, 1);
    }

    /**
     * The training settings of a run over a known number of tasks.
     *
     * @param c the settings
     * @param output the run directory (null: no checkpoints)
     * @param tasks the number of tasks (sequential mode with {@code sequential_steps: total} splits max_steps over
     *     them)
     * @return the trainer config
     */
    public static TrainerConfig trainer(RunConfig c, Path output, int tasks) {
        String mode = c.string("mode");
        if (!mode.equals("mixed") && !mode.equals("sequential")) {
            throw new IllegalArgumentException("mode must be mixed or sequential, got '" + mode + "'");
        }
        String scope = c.string("sequential_steps");
        if (!scope.equals("total") && !scope.equals("per_task")) {
            throw new IllegalArgumentException("sequential_steps must be total or per_task, got '" + scope + "'");
        }
        int maxSteps = c.integer("max_steps");
        if (mode.equals("sequential") && scope.equals("total") && maxSteps > 0) {
            // The same budget as a mixed run of max_steps, so mixed and sequential compare at equal cost.
            maxSteps = Math.max(1, (maxSteps + tasks - 1) / Math.max(1, tasks));
        }
        return TrainerConfig.builder().optLearningRate((float) c.number("learning_rate"))
                .optWarmupRatio((float) c.number("warmup_ratio")).optMinLrRatio((float) c.number("min_lr_ratio"))
                .optWeightDecay((float) c.number("weight_decay")).optMaxGradNorm((float) c.number("max_grad_norm"))
                .optBatchSize(c.integer("batch_size")).optGradientAccumulation(c.integer("gradient_accumulation"))
                .optEpochs(c.integer("epochs")).optMaxSteps(maxSteps)
                .optSequential(mode.equals("sequential")).optSeed(c.integer("seed"))
                .optLogEvery(c.integer("log_every")).optCheckpointEvery(c.integer("checkpoint_every"))
                .optBalanceLossWeight((float) c.number("balance_loss_weight")).optOutputDir(output).build();
    }

    /**
     * The prompt template.
     *
     * @param c the settings
     * @return the template
     */
    public static PromptTemplate prompt(RunConfig c) {
        return switch (c.string("prompt")) {
            case "paper" -> new PaperPrompt();
            case "tk-instruct" -> TkInstructPrompt.builder().optDefinition(true).optPositiveExamples(2).build();
            default -> throw new IllegalArgumentException("prompt must be paper or tk-instruct, got '"
                    + c.string("prompt") + "'");
        };
    }

    /**
     * Loads the tasks of a split. The original layout's train split holds the training tasks and its test split the
     * (other) evaluation tasks, as the official SuperNI protocol; the CL layout has both splits for every task. With
     * {@code validation_instances > 0} the train split loses its validation instances ({@link #validationTasks}).
     *
     * @param c the settings
     * @param split train or test
     * @param command the command, for messages
     * @return the tasks, sorted by name, or in sequential mode in the configured task order
     */
    public static List<SuperNiTask> tasks(RunConfig c, Split split, String command) {
        List<SuperNiTask> tasks = load(c, split, command, true);
        if (split == Split.TRAIN && c.integer("validation_instances") > 0) {
            tasks = carve(c, tasks, command).train();
        }
        return order(c, tasks);
    }

    /**
     * Loads the validation split: per task, {@code validation_instances} training instances drawn with
     * {@code validation_seed} (never test instances), the ones {@link #tasks} leaves out of training.
     *
     * @param c the settings
     * @param command the command, for messages
     * @return the validation tasks, in the same order as the training tasks
     * @throws IllegalArgumentException when {@code validation_instances} is 0 or too large for a task
     */
    public static List<SuperNiTask> validationTasks(RunConfig c, String command) {
        return order(c, carve(c, load(c, Split.TRAIN, command, true), command).validation());
    }

    private static ValidationSplit.Parts carve(RunConfig c, List<SuperNiTask> train, String command) {
        Set<String> testIds = new HashSet<>();
        try {
            load(c, Split.TEST, command, false).forEach(t -> t.instances().forEach(i -> testIds.add(i.id())));
        } catch (IllegalArgumentException noTestTasks) {
            // The original layout's test split holds other tasks: nothing of it can be drawn from the train split.
        }
        return ValidationSplit.carve(train, c.integer("validation_instances"), c.integer("validation_seed"),
                testIds);
    }

    private static List<SuperNiTask> load(RunConfig c, Split split, String command, boolean capped) {
        Path root = Paths.get(c.require("data", command));
        int cap = capped ? c.integer(split == Split.TRAIN ? "max_train_instances" : "max_test_instances") : 0;
        SuperNiLoader.Builder b = SuperNiLoader.builder().setRoot(root).optTrack(c.string("track")).optSplit(split)
                .optSeed(c.integer("seed"));
        if (cap > 0) {
            b.optMaxInstances(cap);
        }
        if (!c.list("tasks").isEmpty()) {
            b.optTasks(new HashSet<>(c.list("tasks")));
        }
        if (!c.list("categories").isEmpty()) {
            b.optCategories(new HashSet<>(c.list("categories")));
        }
        List<SuperNiTask> tasks;
        try {
            tasks = new ArrayList<>(b.build().load());
        } catch (IOException e) {
            throw new UncheckedIOException(root + ": " + e.getMessage(), e);
        }
        if (tasks.isEmpty()) {
            throw new IllegalArgumentException("no tasks matched in " + root + " (split " + split + ", tasks "
                    + c.list("tasks") + ", categories " + c.list("categories") + ")");
        }
        tasks.sort((x, y) -> x.name().compareTo(y.name()));
        return tasks;
    }

    /**
     * Orders tasks for sequential training: the sorted list, shuffled with {@code task_order_seed} when non-zero.
     *
     * @param c the settings
     * @param sorted tasks sorted by name
     * @return the order
     */
    public static List<SuperNiTask> order(RunConfig c, List<SuperNiTask> sorted) {
        int seed = c.integer("task_order_seed");
        List<SuperNiTask> out = new ArrayList<>(sorted);
        if (seed != 0) {
            Collections.shuffle(out, new Random(seed));
        }
        return out;
    }
}
