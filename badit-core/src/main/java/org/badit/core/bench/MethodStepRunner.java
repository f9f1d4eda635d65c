package org.badit.core.bench;

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
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.badit.core.badit.Dog;
import org.badit.core.data.Batch;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.badit.core.model.ForwardContext;
import org.badit.core.train.AdamW;
import org.badit.core.train.GradientClipping;

/**
 * One adapted model and its optimizer, stepped one optimizer step at a time for {@link MethodBenchmark}.
 *
 * <p>{@code Trainer} has no public single-step entry point (its step is bound to its data stages, schedule and
 * checkpoints), so this replicates its step operation for operation with the same classes: reseed the engine, zero
 * the adapters' gradients in place, upload the batch, forward with the prompt mask and task ids, target-token loss,
 * backward, DOG observe, global-norm clipping, the host read of loss and norm, AdamW, DOG regroup when due. Every
 * temporary lives in an {@link NDScope} closed at the end of the step, as in the trainer. Left out: the expert
 * metrics the trainer logs every {@code logEvery} steps (off the hot path by design), checkpoints and listeners.
 */
final class MethodStepRunner implements AutoCloseable {

    private final String name;
    private final NDManager manager;
    private final AdaptedModel model;
    private final Map<String, Parameter> params;
    private final AdamW optimizer;
    private final Dog dog;
    private final Engine engine;
    private final float learningRate;
    private final float maxGradNorm;
    private final int totalSteps;
    private int step;

    /** What one step took, in nanoseconds. */
    record Timing(long total, long dogObserve, long dogRegroup, float loss) {}

    MethodStepRunner(String name, NDManager manager, AdaptedModel model, Engine engine, float learningRate,
            float maxGradNorm, int totalSteps) {
        this.name = name;
        this.manager = manager;
        this.model = model;
        this.params = model.trainableParameters();
        this.optimizer = AdamW.builder().setManager(manager).build();
        this.dog = model.dog();
        this.engine = engine;
        this.learningRate = learningRate;
        this.maxGradNorm = maxGradNorm;
        this.totalSteps = totalSteps;
    }

    String name() {
        return name;
    }

    AdaptedModel model() {
        return model;
    }

    /**
     * Takes one optimizer step on the examples and times it.
     *
     * @param examples one micro-batch
     * @param padId the pad id
     * @return the wall times of the whole step and of DOG's parts
     */
    Timing step(List<TrainingExample> examples, int padId) {
        step++;
        long start = System.nanoTime();
        long observe = 0;
        long regroup = 0;
        float loss;
        engine.setRandomSeed((int) (42 * 1_000_003L + step));
        try (NDScope scope = new NDScope(); NDManager sm = manager.newSubManager()) {
            scope.suppressNotUsedWarning();
            for (Parameter p : params.values()) {
                NDArray a = p.getArray();
                if (a.hasGradient()) {
                    a.getGradient().set(new NDIndex("..."), 0f);
                }
            }
            NDArray lossValue;
            try (GradientCollector gc = engine.newGradientCollector()) {
                Batch batch = Batch.of(examples, padId, sm);
                PairList<String, Object> extra = new PairList<>();
                extra.add(ForwardContext.PROMPT_MASK, batch.promptMask());
                extra.add(ForwardContext.TASK_IDS, batch.taskIds());
                NDArray logits = model.model().logits(new ParameterStore(sm, false), batch.inputIds(),
                        batch.attentionMask(), true, extra);
                lossValue = batch.loss(logits);
                gc.backward(lossValue);
                lossValue = lossValue.stopGradient();
            }
            if (dog != null) {
                long t0 = System.nanoTime();
                dog.observe();
                observe = System.nanoTime() - t0;
            }
            List<NDArray> grads = new ArrayList<>();
            for (Parameter p : params.values()) {
                if (p.getArray().hasGradient()) {
                    grads.add(p.getArray().getGradient());
                }
            }
            NDArray norm = GradientClipping.clipGlobalNorm(grads, maxGradNorm);
            float[] host = NDArrays.stack(new NDList(lossValue, norm)).toFloatArray();
            loss = host[0];
            if (!Float.isFinite(loss)) {
                throw new IllegalStateException(name + ": the loss became " + loss + " at benchmark step " + step);
            }
            optimizer.step(params, learningRate);
            if (dog != null && dog.due(step, totalSteps)) {
                long t0 = System.nanoTime();
                dog.regroup(optimizer);
                regroup = System.nanoTime() - t0;
            }
        }
        return new Timing(System.nanoTime() - start, observe, regroup, loss);
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        manager.close();
    }
}
