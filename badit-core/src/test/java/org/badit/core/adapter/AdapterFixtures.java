package org.badit.core.adapter;

import org.badit.core.model.ForwardInputs;
import org.badit.core.testing.TestEngine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import java.util.SplittableRandom;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.InitVerifier;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.Methods;
import org.badit.core.method.RouterType;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ModelConfig;
import org.badit.core.model.ScratchModels;
import org.badit.lora.engine.Engines;
import org.badit.lora.init.SvdMethod;

/** Tiny random Llama models, adapted and "trained" by a seeded random perturbation of every trainable parameter. */
final class AdapterFixtures {

    /** vocab 61, hidden 32, MLP 64, 2 layers, 4 heads, 2 KV heads. */
    static final ModelConfig CONFIG = ScratchModels.llama(61, 32, 64, 2, 4, 2, 1, 2);
    static final long BASE_SEED = 11;
    static final int K = 4;
    static final int R = 2;
    static final int TASKS = 3;

    private AdapterFixtures() {}

    /** One intra-op thread: the models are tiny and the machine is shared. */
    static NDManager manager() {
        Engines.setThreads(1);
        return TestEngine.manager();
    }

    static DecoderLM base(NDManager manager) {
        return DecoderLM.randomInit(CONFIG, BASE_SEED, manager);
    }

    static MethodConfig config(Method method, RouterType router) {
        return MethodConfig.builder().setMethod(method).optExperts(K).optRank(R).optAlpha(4f).optRouter(router)
                .optTasks(TASKS).optSvd(SvdMethod.exact()).optSeed(5).build();
    }

    /** Adapts a fresh base model and moves every trainable parameter, as training would. */
    static AdaptedModel trained(NDManager manager, MethodConfig config) {
        AdaptedModel model = Methods.apply(base(manager), config);
        perturb(model, 99);
        return model;
    }

    /** Adds seeded noise of about a third of each parameter's RMS (at least 0.05, so zero-init B and G move too). */
    static void perturb(AdaptedModel model, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        for (Parameter p : model.trainableParameters().values()) {
            NDArray x = p.getArray();
            float rms = (float) Math.sqrt(x.square().mean().getFloat());
            float scale = Math.max(rms, 0.05f) * 0.3f;
            float[] noise = new float[Math.toIntExact(x.size())];
            for (int i = 0; i < noise.length; i++) {
                noise[i] = (float) (gaussian(random) * scale);
            }
            try (NDArray n = x.getManager().create(noise, x.getShape())) {
                x.addi(n);
            }
        }
    }

    private static double gaussian(SplittableRandom random) {
        double u = random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    /** A fixed probe of token ids {@code [2, 7]}. */
    static NDArray probe(NDManager manager) {
        return InitVerifier.probe(manager, CONFIG.vocabSize(), 2, 7, 3);
    }

    /** Logits {@code [B, T, V]}; with a task id, every row gets it. */
    static NDArray logits(DecoderLM model, NDArray ids, Integer task) {
        ForwardInputs inputs = ForwardInputs.NONE;
        if (task != null) {
            long[] tasks = new long[(int) ids.getShape().get(0)];
            java.util.Arrays.fill(tasks, task);
            inputs = inputs.withTaskIds(ids.getManager().create(tasks));
        }
        return model.logits(new ParameterStore(ids.getManager(), false), ids, null, false, inputs);
    }

    static float maxAbsDiff(NDArray a, NDArray b) {
        return a.sub(b).abs().max().getFloat();
    }

    static Shape shape(long... dims) {
        return new Shape(dims);
    }
}
