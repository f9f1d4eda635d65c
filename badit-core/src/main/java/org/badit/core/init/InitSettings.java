package org.badit.core.init;

import ai.djl.ndarray.NDManager;
import org.badit.core.expert.router.ExpertRouter;
import org.badit.lora.init.SvdMethod;

/**
 * What an {@link AdapterInitializer} needs of a method's configuration (the method package builds it from its
 * {@code MethodConfig}, so this package does not depend on that one).
 *
 * @param experts K
 * @param rank r, each expert's rank (the LoRA family gets K·r)
 * @param alpha one expert's LoRA alpha (the update scale is s = alpha / r for every method)
 * @param svd the SVD of SVD-based initialisations, or null for the default (exact up to 1024 columns, else
 *     randomized with niter 4)
 * @param dropout dropout on the LoRA branch (LoRA family)
 * @param seed the run's seed (each layer's seed derives from it and the layer's path)
 * @param router creates a layer's router, or null for methods without experts
 */
public record InitSettings(int experts, int rank, float alpha, SvdMethod svd, float dropout, long seed,
        RouterFactory router) {

    /** Creates the router of one expert layer. */
    @FunctionalInterface
    public interface RouterFactory {

        /**
         * Creates a router.
         *
         * @param manager the layer's manager
         * @param inFeatures the layer's input width
         * @return the router over K experts
         */
        ExpertRouter create(NDManager manager, long inFeatures);
    }

    /**
     * Returns the total rank.
     *
     * @return K·r
     */
    public int totalRank() {
        return experts * rank;
    }

    /**
     * Returns the update scale shared by all methods.
     *
     * @return alpha / r
     */
    public float scaling() {
        return alpha / rank;
    }
}
