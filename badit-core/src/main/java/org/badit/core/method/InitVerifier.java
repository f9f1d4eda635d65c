package org.badit.core.method;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.badit.core.expert.BaditLinear;
import org.badit.core.expert.ExpertMetrics;
import org.badit.core.model.ForwardInputs;
import org.badit.core.model.DecoderLM;
import org.badit.lora.AdapterInjector;
import org.badit.lora.nn.AdaptedLinear;
import org.badit.lora.nn.BlockTree;

/**
 * Checks the promise every method makes at initialization: the adapted model computes the pretrained function.
 *
 * <p>For expert methods it also checks the decomposition (W = W_res + s·Σ_k B_k·A_k) and that the experts are
 * mutually orthogonal, which BADIT's SVD split guarantees and random LoRAMoE experts do not.
 */
public final class InitVerifier {

    private InitVerifier() {}

    /**
     * What {@link #verify} measured.
     *
     * @param maxAbsLogitDiff the largest |logit difference| between the adapted model at init and the base model
     * @param reconstructionRelError ‖W − W_res − update‖ / ‖W‖ of the worst layer
     * @param maxExpertCosine the largest cosine between different experts' subspaces (NaN without experts)
     * @param layers the number of adapted layers
     */
    public record Result(double maxAbsLogitDiff, double reconstructionRelError, double maxExpertCosine, int layers) {}

    /**
     * Adapts a model with a method and measures how exactly it still computes the base model.
     *
     * @param model the base model (modified: adapters are injected)
     * @param config the method
     * @param probeIds {@code [B, T]} token ids of the probe input; sequence b runs as task {@code b mod tasks}
     * @return the measurements
     */
    public static Result verify(DecoderLM model, MethodConfig config, NDArray probeIds) {
        NDManager manager = model.getManager();
        try (NDManager scope = manager.newSubManager()) {
            ParameterStore ps = new ParameterStore(scope, false);
            ForwardInputs params = probeInputs(scope, config, probeIds);
            NDArray before = model.logits(ps, probeIds, null, false, params);
            Map<String, NDArray> originals = new LinkedHashMap<>();
            for (String path : AdapterInjector.select(model, config.targets())) {
                NDArray w = AdaptedLinear.arraysOf((Linear) BlockTree.find(model, path))[0].duplicate();
                w.attach(scope);
                originals.put(path, w);
            }
            AdaptedModel adapted = Methods.apply(model, config);
            NDArray after = model.logits(ps, probeIds, null, false, params);
            double logitDiff = after.sub(before).abs().max().getFloat();
            double worstReconstruction = 0;
            double worstCosine = config.method().hasExperts() ? 0 : Double.NaN;
            for (Map.Entry<String, AdaptedLinear> e : adapted.injection().layers().entrySet()) {
                AdaptedLinear layer = e.getValue();
                NDArray update = layer instanceof BaditLinear ? ((BaditLinear) layer).expertSum() : layer.deltaWeight();
                update.attach(scope);
                NDArray w = originals.get(e.getKey());
                double err = w.sub(layer.baseWeightArray()).sub(update).norm().getFloat() / w.norm().getFloat();
                worstReconstruction = Math.max(worstReconstruction, err);
                if (layer instanceof BaditLinear) {
                    worstCosine = Math.max(worstCosine, ExpertMetrics.maxExpertCosine((BaditLinear) layer));
                }
            }
            return new Result(logitDiff, worstReconstruction, worstCosine, originals.size());
        }
    }

    /**
     * The forward inputs of the probe: task ids {@code b mod tasks} for sequence b, so that a task router is exercised
     * on several of its tasks (every other router and the base model ignore them).
     */
    private static ForwardInputs probeInputs(NDManager scope, MethodConfig config, NDArray probeIds) {
        long batch = probeIds.getShape().get(0);
        long[] tasks = new long[Math.toIntExact(batch)];
        for (int b = 0; b < tasks.length; b++) {
            tasks[b] = b % Math.max(1, config.tasks());
        }
        return ForwardInputs.NONE.withTaskIds(scope.create(tasks));
    }

    /**
     * A seeded random probe of token ids.
     *
     * @param manager where to create it
     * @param vocab the vocabulary size
     * @param batch B
     * @param length T
     * @param seed the seed
     * @return {@code [B, T]} int64 ids in [0, vocab)
     */
    public static NDArray probe(NDManager manager, int vocab, int batch, int length, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long[] ids = new long[batch * length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return manager.create(ids, new Shape(batch, length));
    }
}
