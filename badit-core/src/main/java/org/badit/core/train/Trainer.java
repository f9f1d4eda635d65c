package org.badit.core.train;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.badit.core.expert.Dog;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link AdaptedModel} on tokenized instruction examples: mixed multi-task (one stage) or sequential
 * (continual, one stage per task in the given order).
 *
 * <p>Each optimizer step is a {@link TrainingStep} (forward and backward over the micro-batches, DOG, clipping,
 * AdamW, a regroup when due); this class adds the data order, the schedule, checkpoints, resume and listeners.
 *
 * <p>Determinism: the data order of stage s, epoch e is a shuffle seeded by (seed, s, e), and the engine's RNG
 * (dropout) is reseeded from (seed, step) at each step. A run resumed from a checkpoint therefore repeats exactly the
 * batches and random draws of an uninterrupted run.
 */
public final class Trainer {

    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainerConfig config;
    private final List<TrainingListener> listeners;

    /**
     * Creates a trainer.
     *
     * @param config the training settings
     * @param listeners progress receivers (metrics log, progress bar, evaluation between stages)
     */
    public Trainer(TrainerConfig config, List<TrainingListener> listeners) {
        this.config = config;
        this.listeners = List.copyOf(listeners);
    }

    /** One stage: its examples and its number of optimizer steps. */
    private record Stage(int index, String task, List<TrainingExample> examples, int steps) {}

    /**
     * What a run did.
     *
     * @param steps optimizer steps taken in total (including those before a resume)
     * @param finalLoss the last step's loss
     * @param seconds wall time of this process's training
     * @param resumedFrom the step resumed from, 0 for a fresh run
     */
    public record Result(int steps, double finalLoss, double seconds, int resumedFrom) {}

    /**
     * Returns the total optimizer steps a run over these examples takes.
     *
     * @param examples the training examples
     * @return the sum of every stage's steps
     */
    public int totalSteps(List<TrainingExample> examples) {
        return stages(examples).stream().mapToInt(Stage::steps).sum();
    }

    /**
     * Trains.
     *
     * @param model the adapted model
     * @param examples the training examples (in sequential mode, task indices give the order of the stages)
     * @param padId the tokenizer's pad id
     * @param resume continue from the latest checkpoint in the output directory when there is one
     * @return what the run did
     */
    public Result fit(AdaptedModel model, List<TrainingExample> examples, int padId, boolean resume) {
        return fit(TrainingTarget.of(model), examples, padId, resume);
    }

    /**
     * Trains any set of parameters of a model (e.g. every parameter, to pre-train from scratch).
     *
     * @param model what to train
     * @param examples the training examples (in sequential mode, task indices give the order of the stages)
     * @param padId the tokenizer's pad id
     * @param resume continue from the latest checkpoint in the output directory when there is one
     * @return what the run did
     */
    public Result fit(TrainingTarget model, List<TrainingExample> examples, int padId, boolean resume) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no training examples");
        }
        NDManager manager = model.model().getManager();
        Map<String, Parameter> params = model.parameters();
        TrainingStep trainingStep = new TrainingStep(model, config, padId);
        AdamW optimizer = trainingStep.optimizer();
        Dog dog = model.dog();
        List<Stage> stages = stages(examples);
        int total = stages.stream().mapToInt(Stage::steps).sum();
        String fingerprint = model.description() + "|" + config.resumeInvariant() + "|" + examples.size();
        int start = 0;
        Path runDir = config.outputDir();
        if (runDir != null) {
            Checkpoints.removeStaleTemporaries(runDir);
        }
        if (resume && runDir != null && Checkpoints.latest(runDir) != null) {
            Path ckpt = Checkpoints.latest(runDir);
            // Check before touching any weight: a refused resume leaves the model as it was.
            if (!Checkpoints.readState(ckpt).fingerprint().equals(fingerprint)) {
                throw new IllegalStateException(ckpt + ": the checkpoint was made with another configuration or "
                        + "data; start a fresh run (without --resume) or restore the original settings");
            }
            Checkpoints.State state = Checkpoints.restore(ckpt, params, optimizer, dog, manager);
            start = state.step();
            LOG.info("resumed from {} at step {}/{}", ckpt, start, total);
        }
        long t0 = System.nanoTime();
        double lastLoss = Double.NaN;
        int step = 0;
        for (Stage stage : stages) {
            CosineSchedule schedule = new CosineSchedule(config.learningRate(),
                    Math.round(config.warmupRatio() * stage.steps()), stage.steps(), config.minLrRatio());
            for (int local = 1; local <= stage.steps(); local++) {
                step++;
                if (step <= start) {
                    continue;
                }
                StepRecord record = step(trainingStep, model, stage, local, step, total,
                        schedule.getNewValue(local - 1), t0);
                lastLoss = record.loss();
                for (TrainingListener l : listeners) {
                    l.onStep(record);
                }
                if (local == stage.steps() && dog != null && dog.completeHandOffs()) {
                    // Only when DOG regrouped within the stage's last hand-off steps: the stage ends (evaluation,
                    // saved adapter) with every component on its own expert's routing.
                    LOG.info("DOG: pending hand-offs completed at the end of {}", stage.task() == null ? "training"
                            : "task " + stage.task());
                }
                boolean periodic = config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0;
                if (runDir != null && (periodic || local == stage.steps())) {
                    Checkpoints.save(runDir, new Checkpoints.State(step, optimizer.stepCount(),
                            dog == null ? 0 : dog.regroupCount(), fingerprint), params, optimizer, dog);
                }
            }
            if (step > start) {
                for (TrainingListener l : listeners) {
                    l.onStageEnd(stage.index(), stage.task());
                }
            }
        }
        return new Result(step, lastLoss, (System.nanoTime() - t0) / 1e9, start);
    }

    private StepRecord step(TrainingStep trainingStep, TrainingTarget model, Stage stage, int local, int step,
            int total, float lr, long t0) {
        List<List<TrainingExample>> micro = new ArrayList<>();
        for (int m = 0; m < config.gradientAccumulation(); m++) {
            micro.add(microBatch(stage, local, m));
        }
        boolean measure = config.logEvery() > 0 && (step % config.logEvery() == 0 || step == 1);
        String where = "step " + step + (stage.task() == null ? "" : " (task " + stage.task() + ")");
        TrainingStep.Outcome o;
        try {
            o = trainingStep.run(micro, step, local, stage.steps(), lr, measure, where);
        } catch (TrainingDivergedException e) {
            Path last = config.outputDir() == null ? null : Checkpoints.latest(config.outputDir());
            throw new TrainingDivergedException(e.getMessage() + "; last good checkpoint: "
                    + (last == null ? "none" : last) + ". Lower the learning rate or check the data.");
        }
        double seconds = o.nanos() / 1e9;
        return new StepRecord(step, total, stage.index(), stage.task(), o.loss(), lr, o.gradNorm(),
                o.tokens() / seconds, (System.nanoTime() - t0) / 1e9, o.expert()[0], o.expert()[1], o.expert()[2],
                o.regroup() == null ? -1 : o.regroup().componentsMoved(),
                o.regroup() == null ? Double.NaN : o.regroup().millis(), o.regroupChange()[0], o.regroupChange()[1]);
    }

    /** The examples of one micro-batch: a seeded reshuffle per epoch, consumed in order. */
    private List<TrainingExample> microBatch(Stage stage, int local, int micro) {
        List<TrainingExample> data = stage.examples();
        int n = data.size();
        long first = ((long) (local - 1) * config.gradientAccumulation() + micro) * config.batchSize();
        List<TrainingExample> out = new ArrayList<>(config.batchSize());
        int cachedEpoch = -1;
        int[] order = null;
        for (long i = first; i < first + config.batchSize(); i++) {
            int epoch = (int) (i / n);
            if (epoch != cachedEpoch) {
                order = shuffle(n, config.seed() * 7_919L + stage.index() * 104_729L + epoch);
                cachedEpoch = epoch;
            }
            out.add(data.get(order[(int) (i % n)]));
        }
        return out;
    }

    private static int[] shuffle(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private List<Stage> stages(List<TrainingExample> examples) {
        List<Stage> stages = new ArrayList<>();
        if (!config.sequential()) {
            stages.add(new Stage(0, null, examples, steps(examples.size())));
            return stages;
        }
        TreeMap<Integer, List<TrainingExample>> byTask = new TreeMap<>();
        for (TrainingExample e : examples) {
            byTask.computeIfAbsent(e.task(), k -> new ArrayList<>()).add(e);
        }
        int index = 0;
        for (List<TrainingExample> task : byTask.values()) {
            stages.add(new Stage(index++, task.get(0).taskName(), task, steps(task.size())));
        }
        return stages;
    }

    private int steps(int examples) {
        if (config.maxSteps() > 0) {
            return config.maxSteps();
        }
        long perStep = (long) config.batchSize() * config.gradientAccumulation();
        return (int) Math.max(1, (examples * (long) config.epochs() + perStep - 1) / perStep);
    }
}
