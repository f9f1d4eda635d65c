package org.badit.core.expert;

import ai.djl.ndarray.NDArray;

/**
 * The optimizer state DOG has to carry along when it moves, rescales or mixes a layer's rank-1 components: one
 * tensor that transforms like the parameter's gradient (Adam's first moment) and one that transforms like the squared
 * gradient (the second moment), both shaped like the parameter. DOG edits them in place; it never needs to know which
 * optimizer owns them, so {@code expert} does not depend on {@code train}.
 */
public interface PermutableOptimizerState {

    /**
     * Returns the state that moves like a parameter's gradient.
     *
     * @param parameter the parameter's path, e.g. {@code model.layers.0.self_attn.q_proj.experts_A}
     * @return a tensor shaped like the parameter, or null when the optimizer has not stepped it yet
     */
    NDArray firstMoment(String parameter);

    /**
     * Returns the state that moves like a parameter's squared gradient.
     *
     * @param parameter the parameter's path
     * @return a tensor shaped like the parameter, or null when the optimizer has not stepped it yet
     */
    NDArray secondMoment(String parameter);
}
