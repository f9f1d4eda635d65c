package org.badit.core.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.badit.core.expert.BaditLinear;
import org.badit.core.expert.router.ExpertRouter;
import org.badit.lora.LoraInjector;
import org.badit.lora.nn.AdaptedLinear;

/**
 * LoRAMoE's initialisation (and BADIT w/o BAD's): K experts of rank r over the unchanged pretrained weight, A_k from
 * Kaiming-uniform and B_k = 0, so the layer starts as the pretrained one.
 */
public final class RandomExperts implements AdapterInitializer {

    /** {@inheritDoc} */
    @Override
    public AdaptedLinear create(String path, NDArray weight, NDArray bias, InitSettings settings) {
        long seed = LoraInjector.layerSeed(settings.seed(), path);
        return draw(weight, bias, settings.experts(), settings.rank(), settings.alpha(), settings.router().create(weight.getManager(), weight.getShape().get(1)), seed);
    }

    /**
     * Creates K randomly initialized experts over the unchanged base weight, as LoRAMoE: each A_k drawn from
     * Kaiming-uniform (a = √5, PEFT's LoRA default, bound 1/√in) and each B_k = 0, so the layer starts as the base
     * layer.
     *
     * @param weight {@code W [out, in]} (taken over as the frozen base, not copied)
     * @param bias {@code b [out]} or null
     * @param experts K
     * @param rank r
     * @param alpha the LoRA alpha (s = alpha / r)
     * @param router the router
     * @param seed the seed of the draw (host RNG, so the same on every device)
     * @return the layer
     */
    public static BaditLinear draw(NDArray weight, NDArray bias, int experts, int rank, float alpha,
            ExpertRouter router, long seed) {
        long out = weight.getShape().get(0);
        long in = weight.getShape().get(1);
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        float bound = (float) (1 / Math.sqrt(in));
        float[] values = new float[Math.toIntExact(experts * (long) rank * in)];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        NDManager manager = weight.getManager();
        NDArray a;
        try (NDArray host = manager.create(values, new Shape(experts, rank, in))) {
            a = host.toType(weight.getDataType(), false).duplicate(); // own the storage (create() wraps a Java buffer)
        }
        NDArray b = manager.zeros(new Shape(experts, out, rank), weight.getDataType());
        return new BaditLinear(weight, bias, a, b, router, alpha / rank);
    }

}
