package org.badit.core.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The decoder architectures BADIT-J implements, by their Hugging Face {@code model_type}.
 *
 * <p>The differences between them are small and all carried by {@link ModelConfig}'s fields (biases, q/k norms,
 * sandwich norms, soft-capping, sliding windows); this enum only names the families and their config defaults.
 */
public enum ModelFamily {
    /** Llama 2 / 3.x (optionally {@code rope_scaling} llama3, linear or dynamic). */
    LLAMA("llama"),
    /** Mistral: Llama with a sliding window on every layer. */
    MISTRAL("mistral"),
    /** Qwen2 / Qwen2.5: biases on q, k and v. */
    QWEN2("qwen2"),
    /** Qwen3: per-head RMSNorm of queries and keys, explicit head_dim. */
    QWEN3("qwen3"),
    /** Gemma 2: scaled embeddings, (1 + w) norms, sandwich norms, soft-capping, alternate sliding window. */
    GEMMA2("gemma2");

    private final String modelType;

    ModelFamily(String modelType) {
        this.modelType = modelType;
    }

    /**
     * Returns the Hugging Face {@code model_type}.
     *
     * @return e.g. {@code "llama"}
     */
    public String modelType() {
        return modelType;
    }

    /**
     * Finds the family of a {@code model_type}.
     *
     * @param modelType the value of {@code config.json}'s {@code model_type}
     * @return the family
     * @throws IllegalArgumentException naming the supported types when there is none
     */
    public static ModelFamily of(String modelType) {
        String wanted = modelType.toLowerCase(Locale.ROOT);
        for (ModelFamily family : values()) {
            if (family.modelType.equals(wanted)) {
                return family;
            }
        }
        throw new IllegalArgumentException("unsupported model_type '" + modelType + "'; supported: " + supported());
    }

    /**
     * Lists the supported {@code model_type} values.
     *
     * @return comma-separated types
     */
    public static String supported() {
        return Arrays.stream(values()).map(ModelFamily::modelType).collect(Collectors.joining(", "));
    }
}
