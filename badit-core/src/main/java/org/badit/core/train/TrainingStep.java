package org.badit.core.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.List;
import org.badit.core.expert.Dog;
import org.badit.core.expert.ExpertMetrics;
import org.badit.core.data.Batch;
import org.badit.core.data.TrainingExample;
import org.badit.core.model.ForwardOutput;
import org.badit.core.model.ForwardInputs;
import org.badit.lora.engine.Engines;
import org.badit.lora.engine.Scalars;

/**
 * One optimizer step, the unit the {@link Trainer} repeats and the method benchmark times: zero the gradients; for
 * each micro-batch, forward with the prompt mask and task ids in the params, target-token cross-entropy (plus the
 * token routers' balance loss when weighted), backward; DOG observes the gradients; global-norm clipping; AdamW; a DOG
 * regroup when asked.
 *
 * <p>Every temporary lives in an {@link NDScope} closed at the end, so native memory stays flat; the one host read is
 * the loss and gradient norm together (the NaN check needs it). The engine's RNG (dropout) is reseeded from the seed
 * and the step, so a resumed run repeats the same random draws.
 */
public final class TrainingStep {

    /** Sequences in the regroup probe batch. */
    static final int PROBE_SIZE = 4;

    private final TrainingTarget target;
    private final TrainerConfig config;
    private final int padId;
    private final AdamW optimizer;
    private final Engine engine = Engines.pytorch();
    // A fixed probe batch (the first examples this step ever saw) on which a regroup's change of the model's function
    // is measured: zero up to round-off with a static router, not zero with input-dependent routers.
    private List<TrainingExample> probe;

    /**
     * What a step did.
     *
     * @param loss the mean target-token loss over the micro-batches
     * @param gradNorm the global gradient norm before clipping
     * @param tokens real tokens processed
     * @param nanos wall time of the whole step
     * @param dogObserveNanos wall time of DOG's gradient observation (0 without DOG)
     * @param regroup DOG's regroup report, or null when none ran
     * @param expert {@code {intra angle, inter angle, max expert cosine}}, NaN when not measured
     * @param regroupChange {@code {max |Δlogit|, mean KL(before ‖ after)}} of the regroup on the probe batch, NaN when
     *     not measured
     */
    public record Outcome(float loss, float gradNorm, long tokens, long nanos, long dogObserveNanos, Dog.Report regroup,
            double[] expert, double[] regroupChange) {}

    /**
     * Creates the step of a training run, with its optimizer.
     *
     * @param target what to train
     * @param config the training settings (weight decay, clipping, balance loss, seed, ...)
     * @param padId the tokenizer's pad id
     */
    public TrainingStep(TrainingTarget target, TrainerConfig config, int padId) {
        this.target = target;
        this.config = config;
        this.padId = padId;
        this.optimizer = AdamW.builder().setManager(target.model().getManager())
                .optWeightDecay(config.weightDecay()).build();
    }

    /**
     * Returns the optimizer (its moments are checkpointed and moved by DOG).
     *
     * @return the optimizer
     */
    public AdamW optimizer() {
        return optimizer;
    }

    /**
     * Runs one optimizer step.
     *
     * @param microBatches the examples of each micro-batch
     * @param step the 1-based global step (seeds the engine's RNG)
     * @param stageStep the 1-based step within the current stage (the whole run when it has one stage); with
     *     {@code stageSteps} it decides whether DOG regroups after the update ({@link Dog#due}), here and nowhere
     *     else, so the trainer and the benchmarks regroup on the same steps
     * @param stageSteps the stage's total steps
     * @param learningRate the learning rate of this step
     * @param measureExperts whether to measure the expert metrics
     * @param where a description of the step for the error message if the loss is not finite
     * @return what the step did
     * @throws TrainingDivergedException when the loss is NaN or infinite (parameters are then left untouched)
     */
    public Outcome run(List<List<TrainingExample>> microBatches, int step, int stageStep, int stageSteps,
            float learningRate, boolean measureExperts, String where) {
        long start = System.nanoTime();
        engine.setRandomSeed((int) (config.seed() * 1_000_003L + step));
        try (NDScope scope = new NDScope(); NDManager sm = target.model().getManager().newSubManager()) {
            scope.suppressNotUsedWarning();
            for (Parameter p : target.parameters().values()) {
                NDArray a = p.getArray();
                if (a.hasGradient()) {
                    // Zero in place (DJL accumulates gradients across backward calls); a fill, not g - g, so an Inf
                    // left by a diverged micro-batch cannot turn into a NaN that never goes away.
                    a.getGradient().set(new NDIndex("..."), 0f);
                }
            }
            long tokens = 0;
            NDList losses = new NDList();
            try (GradientCollector gc = engine.newGradientCollector()) {
                for (List<TrainingExample> examples : microBatches) {
                    if (probe == null) {
                        probe = List.copyOf(examples.subList(0, Math.min(PROBE_SIZE, examples.size())));
                    }
                    Batch batch = Batch.of(examples, padId, sm);
                    ForwardInputs inputs = ForwardInputs.NONE.withPromptMask(batch.promptMask())
                            .withTaskIds(batch.taskIds()).withAuxiliaryLosses(config.balanceLossWeight() > 0);
                    ForwardOutput out = target.model().forward(new ParameterStore(sm, false), batch.inputIds(),
                            batch.attentionMask(), true, inputs);
                    NDArray loss = batch.loss(out.logits());
                    NDArray objective = loss;
                    if (out.auxiliaryLoss() != null) {
                        objective = loss.add(Scalars.mul(out.auxiliaryLoss(), config.balanceLossWeight()));
                    }
                    if (microBatches.size() > 1) {
                        objective = Scalars.div(objective, microBatches.size());
                    }
                    gc.backward(objective);
                    losses.add(loss.stopGradient());
                    tokens += batch.tokens();
                }
            }
            Dog dog = target.dog();
            long observe = 0;
            if (dog != null) {
                long t0 = System.nanoTime();
                dog.observe();
                observe = System.nanoTime() - t0;
            }
            List<NDArray> grads = new ArrayList<>();
            for (Parameter p : target.parameters().values()) {
                if (p.getArray().hasGradient()) {
                    grads.add(p.getArray().getGradient());
                }
            }
            NDArray norm = GradientClipping.clipGlobalNorm(grads, config.maxGradNorm());
            float[] host = NDArrays.stack(new NDList(NDArrays.stack(losses).mean(), norm)).toFloatArray();
            if (!Float.isFinite(host[0])) {
                throw new TrainingDivergedException("the loss became " + host[0] + " at " + where
                        + "; parameters were not updated");
            }
            optimizer.step(target.parameters(), learningRate);
            if (dog != null) {
                dog.handOff();
            }
            Dog.Report report = null;
            double[] change = {Double.NaN, Double.NaN};
            if (dog != null && dog.due(stageStep, stageSteps)) {
                NDList before = measureExperts ? probeLogits(sm) : null;
                report = dog.regroup(optimizer);
                if (before != null) {
                    change = functionChange(before, probeLogits(sm));
                }
            }
            double[] expert = {Double.NaN, Double.NaN, Double.NaN};
            if (measureExperts && !target.expertLayers().isEmpty()) {
                expert = ExpertMetrics.measure(target.expertLayers().values(), dog);
            }
            return new Outcome(host[0], host[1], tokens, System.nanoTime() - start, observe, report, expert,
                    change);
        }
    }

    /** The model's logits on the probe batch without gradients: {@code [B, T, V]} logits and the {@code [B, T]} mask. */
    private NDList probeLogits(NDManager sm) {
        Batch batch = Batch.of(probe, padId, sm);
        ForwardInputs inputs = ForwardInputs.NONE.withPromptMask(batch.promptMask()).withTaskIds(batch.taskIds());
        NDArray logits = target.model().logits(new ParameterStore(sm, false), batch.inputIds(), batch.attentionMask(),
                false, inputs).stopGradient();
        return new NDList(logits, batch.attentionMask().toType(logits.getDataType(), false));
    }

    /** {max |Δlogit|, mean KL(p_before ‖ p_after)} over the probe's real tokens. */
    private static double[] functionChange(NDList beforeAndMask, NDList afterAndMask) {
        NDArray before = beforeAndMask.get(0);
        NDArray after = afterAndMask.get(0);
        NDArray mask = beforeAndMask.get(1); // [B, T]
        NDArray maxDelta = before.sub(after).abs().mul(mask.expandDims(-1)).max();
        NDArray logP = before.logSoftmax(-1);
        NDArray kl = logP.exp().mul(logP.sub(after.logSoftmax(-1))).sum(new int[] {-1}).mul(mask).sum()
                .div(mask.sum().maximum(1f));
        float[] host = NDArrays.stack(new NDList(maxDelta, kl)).toFloatArray();
        return new double[] {host[0], host[1]};
    }
}
