package org.badit.examples.bench;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import java.util.List;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.badit.core.train.TrainerConfig;
import org.badit.core.train.TrainingStep;
import org.badit.core.train.TrainingTarget;

/**
 * Drives one method's training steps for the benchmark, one at a time so methods can be interleaved. The step is the
 * trainer's own ({@link TrainingStep}), so the benchmark times exactly what training runs.
 */
final class MethodStepRunner implements AutoCloseable {

    private final String name;
    private final NDManager manager;
    private final AdaptedModel model;
    private final TrainerConfig config;
    private final float learningRate;
    private final int totalSteps;
    private TrainingStep trainingStep;
    private int step;

    record Timing(long total, long dogObserve, long dogRegroup, float loss) {}

    MethodStepRunner(String name, NDManager manager, AdaptedModel model, Engine engine, float learningRate,
            float maxGradNorm, int totalSteps) {
        this.name = name;
        this.manager = manager;
        this.model = model;
        this.learningRate = learningRate;
        this.totalSteps = totalSteps;
        this.config = TrainerConfig.builder().optLearningRate(learningRate).optMaxGradNorm(maxGradNorm).optSeed(42)
                .optLogEvery(0).build();
    }

    String name() {
        return name;
    }

    AdaptedModel model() {
        return model;
    }

    Timing step(List<TrainingExample> examples, int padId) {
        if (trainingStep == null) {
            trainingStep = new TrainingStep(TrainingTarget.of(model), config, padId);
        }
        step++;
        TrainingStep.Outcome o = trainingStep.run(List.of(examples), step, step, totalSteps, learningRate, false,
                name + " benchmark step " + step);
        long regroupNanos = o.regroup() == null ? 0 : (long) (o.regroup().millis() * 1e6);
        return new Timing(o.nanos(), o.dogObserveNanos(), regroupNanos, o.loss());
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        manager.close();
    }
}
