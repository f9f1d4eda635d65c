package org.badit.core.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.badit.core.expert.BaditLinear;
import org.badit.core.expert.router.ExpertRouter;
import org.badit.lora.LoraInjector;
import org.badit.lora.init.SvdMethod;
import org.badit.lora.nn.AdaptedLinear;

/**
 * BADIT's initialisation (the "BAD" of the paper): the top K·r singular triplets of the pretrained weight, split into
 * K experts of rank r (expert k takes triplets k·r … k·r + r − 1, so the experts are mutually orthogonal), each factor
 * carrying √(σ/s); the frozen base becomes the residual {@code W − s·Σ_k B_k·A_k}, so the layer starts as the
 * pretrained one.
 */
public final class SvdExperts implements AdapterInitializer {

    /** {@inheritDoc} */
    @Override
    public AdaptedLinear create(String path, NDArray weight, NDArray bias, InitSettings settings) {
        long seed = LoraInjector.layerSeed(settings.seed(), path);
        return split(weight, bias, settings.experts(), settings.rank(), settings.alpha(), svd(settings, weight),
                settings.router().create(weight.getManager(), weight.getShape().get(1)), seed);
    }

    /**
     * The SVD of a weight: the config's, or exact up to 1024 columns and randomized (niter 4) above.
     *
     * @param settings the settings
     * @param weight {@code [out, in]}
     * @return the method
     */
    static SvdMethod svd(InitSettings settings, NDArray weight) {
        if (settings.svd() != null) {
            return settings.svd();
        }
        return Math.min(weight.getShape().get(0), weight.getShape().get(1)) <= 1024 ? SvdMethod.exact()
                : SvdMethod.randomized(4);
    }

    /**
     * Splits a weight into K orthogonal experts from its top K·r singular triplets and a frozen residual.
     *
     * @param weight {@code W [out, in]} (not modified)
     * @param bias {@code b [out]} or null
     * @param experts K
     * @param rank r, the rank of each expert
     * @param alpha the LoRA alpha (s = alpha / r)
     * @param svd exact or randomized SVD, run on the weight's device
     * @param router the router
     * @param seed the randomized SVD's seed
     * @return the layer
     */
    public static BaditLinear split(NDArray weight, NDArray bias, int experts, int rank, float alpha,
            SvdMethod svd, ExpertRouter router, long seed) {
        long out = weight.getShape().get(0);
        long in = weight.getShape().get(1);
        int kr = experts * rank;
        if (kr > Math.min(out, in)) {
            throw new IllegalArgumentException("K·r = " + kr + " exceeds min(out, in) = " + Math.min(out, in)
                    + " of a [" + out + ", " + in + "] weight");
        }
        float s = alpha / rank;
        NDManager manager = weight.getManager();
        NDArray a;
        NDArray b;
        NDArray residual;
        try (NDManager scope = manager.newSubManager()) {
            NDList usv = svd.top(weight, kr, seed);
            usv.attach(scope);
            NDArray root = usv.get(1).div(s).sqrt(); // [Kr]
            NDArray bAll = usv.get(0).mul(root.expandDims(0)); // [out, Kr]
            NDArray aAll = usv.get(2).mul(root.expandDims(1)); // [Kr, in]
            residual = weight.sub(bAll.matMul(aAll).muli(s));
            a = aAll.reshape(experts, rank, in);
            b = bAll.reshape(out, experts, rank).transpose(1, 0, 2).duplicate();
            residual.attach(manager);
            a.attach(manager);
            b.attach(manager);
        }
        NDArray biasCopy = bias == null ? null : bias.duplicate();
        NDArray a0 = a.duplicate();
        NDArray b0 = b.duplicate();
        BaditLinear layer = new BaditLinear(residual, biasCopy, a, b, router, s);
        layer.setInitialExperts(a0, b0);
        return layer;
    }

}
