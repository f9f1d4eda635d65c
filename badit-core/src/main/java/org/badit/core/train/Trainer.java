package org.badit.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.badit.core.badit.BaditLinear;
import org.badit.core.badit.Dog;
import org.badit.core.badit.ExpertMetrics;
import org.badit.core.badit.router.BalanceLoss;
import org.badit.core.data.Batch;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.badit.core.model.ForwardContext;
import org.badit.engine.Engines;
import org.badit.engine.Scalars;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains an {@link AdaptedModel} on tokenized instruction examples: mixed multi-task (one stage) or sequential
 * (continual, one stage per task in the given order).
 *
 * <p>One optimizer step: zero the adapters' gradients; for each micro-batch, forward with the prompt mask and task
 * ids in the params, target-token cross-entropy, backward; DOG observes the gradients; global-norm clipping; AdamW;
 * a DOG regroup when due. Every temporary of a step lives in an {@link NDScope} closed at its end, so native memory
 * stays flat; the step's one host read is the loss and gradient norm together (the NaN check needs it).
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
        Engine engine = Engines.pytorch();
        Map<String, Parameter> params = model.parameters();
        AdamW optimizer = AdamW.builder().setManager(manager).optWeightDecay(config.weightDecay()).build();
        Dog dog = model.dog();
        List<Stage> stages = stages(examples);
        int total = stages.stream().mapToInt(Stage::steps).sum();
        String fingerprint = model.description() + "|" + config.withoutOutput() + "|" + examples.size();
        int start = 0;
        Path runDir = config.outputDir();
        if (resume && runDir != null && Checkpoints.latest(runDir) != null) {
            Path ckpt = Checkpoints.latest(runDir);
            Checkpoints.State state = Checkpoints.restore(ckpt, params, optimizer, dog, manager);
            if (!state.fingerprint().equals(fingerprint)) {
                throw new IllegalStateException(ckpt + ": the checkpoint was made with another configuration or "
                        + "data; start a fresh run (without --resume) or restore the original settings");
            }
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
                long stepStart = System.nanoTime();
                StepRecord record = step(model, params, optimizer, dog, stage, local, step, total, padId,
                        schedule.getNewValue(local - 1), engine, manager, t0, stepStart);
                lastLoss = record.loss();
                for (TrainingListener l : listeners) {
                    l.onStep(record);
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

    private StepRecord step(TrainingTarget model, Map<String, Parameter> params, AdamW optimizer, Dog dog, Stage stage,
            int local, int step, int total, int padId, float lr, Engine engine, NDManager manager, long t0,
            long stepStart) {
        engine.setRandomSeed((int) (config.seed() * 1_000_003L + step));
        try (NDScope scope = new NDScope(); NDManager sm = manager.newSubManager()) {
            for (Parameter p : params.values()) {
                NDArray a = p.getArray();
                if (a.hasGradient()) {
                    // Zero in place (DJL accumulates gradients across backward calls); a fill, not g - g, so an
                    // Inf left by a diverged micro-batch cannot turn into a NaN that never goes away.
                    a.getGradient().set(new ai.djl.ndarray.index.NDIndex("..."), 0f);
                }
            }
            long tokens = 0;
            NDList losses = new NDList();
            try (GradientCollector gc = engine.newGradientCollector()) {
                for (int micro = 0; micro < config.gradientAccumulation(); micro++) {
                    Batch batch = Batch.of(microBatch(stage, local, micro), padId, sm);
                    PairList<String, Object> extra = new PairList<>();
                    extra.add(ForwardContext.PROMPT_MASK, batch.promptMask());
                    extra.add(ForwardContext.TASK_IDS, batch.taskIds());
                    BalanceLoss balance = config.balanceLossWeight() > 0 ? new BalanceLoss() : null;
                    if (balance != null) {
                        extra.add(BalanceLoss.KEY, balance);
                    }
                    NDArray logits = model.model().logits(new ParameterStore(sm, false), batch.inputIds(),
                            batch.attentionMask(), true, extra);
                    NDArray loss = batch.loss(logits);
                    NDArray objective = loss;
                    if (balance != null && balance.mean() != null) {
                        objective = loss.add(Scalars.mul(balance.mean(), config.balanceLossWeight()));
                    }
                    if (config.gradientAccumulation() > 1) {
                        objective = Scalars.div(objective, config.gradientAccumulation());
                    }
                    gc.backward(objective);
                    losses.add(loss.stopGradient());
                    tokens += batch.tokens();
                }
            }
            if (dog != null) {
                dog.observe();
            }
            List<NDArray> grads = new ArrayList<>();
            for (Parameter p : params.values()) {
                if (p.getArray().hasGradient()) {
                    grads.add(p.getArray().getGradient());
                }
            }
            NDArray norm = GradientClipping.clipGlobalNorm(grads, config.maxGradNorm());
            float[] host = NDArrays.stack(new NDList(NDArrays.stack(losses).mean(), norm)).toFloatArray();
            if (!Float.isFinite(host[0])) {
                Path last = config.outputDir() == null ? null : Checkpoints.latest(config.outputDir());
                throw new TrainingDivergedException("the loss became " + host[0] + " at step " + step
                        + (stage.task() == null ? "" : " (task " + stage.task() + ")")
                        + "; parameters were not updated; last good checkpoint: "
                        + (last == null ? "none" : last) + ". Lower the learning rate or check the data.");
            }
            optimizer.step(params, lr);
            int moved = -1;
            double regroupMs = Double.NaN;
            if (dog != null && dog.due(local, stage.steps())) {
                Dog.Report report = dog.regroup(optimizer);
                moved = report.componentsMoved();
                regroupMs = report.millis();
            }
            double[] expert = {Double.NaN, Double.NaN, Double.NaN};
            Map<String, BaditLinear> experts = model.expertLayers();
            if (!experts.isEmpty() && config.logEvery() > 0 && (step % config.logEvery() == 0 || step == 1)) {
                expert = ExpertMetrics.measure(experts.values(), dog);
            }
            double seconds = (System.nanoTime() - stepStart) / 1e9;
            return new StepRecord(step, total, stage.index(), stage.task(), host[0], lr, host[1], tokens / seconds,
                    (System.nanoTime() - t0) / 1e9, expert[0], expert[1], expert[2], moved, regroupMs);
        }
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
