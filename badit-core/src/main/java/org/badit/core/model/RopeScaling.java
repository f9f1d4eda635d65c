package org.badit.core.model;

/**
 * The {@code rope_scaling} entry of a config: how the rotary frequencies are stretched for long contexts.
 *
 * @param type {@code linear}, {@code dynamic} or {@code llama3}
 * @param factor the context extension factor
 * @param lowFreqFactor llama3 only: wavelengths longer than {@code originalMaxPositions / lowFreqFactor} are divided by
 *     {@code factor}
 * @param highFreqFactor llama3 only: wavelengths shorter than {@code originalMaxPositions / highFreqFactor} are kept
 * @param originalMaxPositions the context length the model was pre-trained with (llama3; dynamic)
 */
public record RopeScaling(String type, double factor, double lowFreqFactor, double highFreqFactor,
        int originalMaxPositions) {

    /** The scaling types implemented. */
    public static final String SUPPORTED = "linear, dynamic, llama3";
}
