package org.badit.core.model;

import ai.djl.ndarray.NDArray;

/**
 * What one forward pass of a {@link DecoderLM} returns.
 *
 * @param logits {@code [B, T, V]} float32 ({@code [B, 1, V]} with {@link ForwardInputs#lastPositionOnly()})
 * @param auxiliaryLoss the mean of the auxiliary loss terms the routers reported (0-d float32), or null when none
 *     was asked for or none reported
 */
public record ForwardOutput(NDArray logits, NDArray auxiliaryLoss) {}
