package org.badit.lora;

import java.util.List;
import java.util.Objects;
import org.badit.lora.init.LoraInitializer;
import org.badit.lora.nn.LoraLinear;

/**
 * A LoRA adapter's configuration, with PEFT's {@code LoraConfig} field names and meanings (written to and read from
 * {@code adapter_config.json} by {@link org.badit.lora.io.PeftAdapter}).
 *
 * @param r the rank
 * @param loraAlpha {@code lora_alpha}: the scaling is alpha/r (alpha/sqrt(r) with rsLoRA)
 * @param loraDropout {@code lora_dropout} on the LoRA branch's input, training only, in [0, 1)
 * @param targetModules {@code target_modules}: names, a regex, or all-linear
 * @param useRslora {@code use_rslora}
 * @param initLoraWeights {@code init_lora_weights}: {@code true}, {@code gaussian}, {@code pissa},
 *     {@code pissa_niter_K}, {@code milora}, {@code olora}
 * @param bias {@code bias}: only {@code none} (base biases stay frozen) is supported
 * @param taskType {@code task_type}, {@code CAUSAL_LM}
 * @param baseModelNameOrPath {@code base_model_name_or_path}, may be {@code null}
 * @param seed the seed of random initializers and randomized SVDs (each layer derives its own from its path)
 */
public record LoraConfig(int r, float loraAlpha, float loraDropout, TargetModules targetModules, boolean useRslora,
        String initLoraWeights, String bias, String taskType, String baseModelNameOrPath, long seed) {

    /** Validates every field; errors name the PEFT field. */
    public LoraConfig {
        if (r < 1) {
            throw new IllegalArgumentException("r must be >= 1, got " + r);
        }
        if (!(loraAlpha > 0f) || Float.isInfinite(loraAlpha)) {
            throw new IllegalArgumentException("lora_alpha must be positive and finite, got " + loraAlpha);
        }
        if (!(loraDropout >= 0f && loraDropout < 1f)) {
            throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + loraDropout);
        }
        Objects.requireNonNull(targetModules, "target_modules is required");
        initLoraWeights = initLoraWeights == null ? "true" : initLoraWeights;
        LoraInitializer.fromPeft(initLoraWeights); // fails on an unknown method, naming the accepted ones
        bias = bias == null ? "none" : bias;
        if (!bias.equals("none")) {
            throw new IllegalArgumentException("bias '" + bias + "' is not supported: only \"none\" (base biases stay "
                    + "frozen)");
        }
        taskType = taskType == null ? "CAUSAL_LM" : taskType;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the scaling of {@code B·A}.
     *
     * @return alpha/r, or alpha/sqrt(r) with rsLoRA
     */
    public float scaling() {
        return LoraLinear.scaling(loraAlpha, r, useRslora);
    }

    /**
     * Returns the initializer {@code init_lora_weights} names.
     *
     * @return a fresh initializer
     */
    public LoraInitializer initializer() {
        return LoraInitializer.fromPeft(initLoraWeights);
    }

    /**
     * Returns whether the initializer replaces the base weights by residuals (PiSSA, MiLoRA, OLoRA).
     *
     * @return true for residual initializations
     */
    public boolean modifiesBase() {
        return initializer().modifiesBase();
    }

    /**
     * Returns a builder preset with this configuration's values.
     *
     * @return a builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.r = r;
        b.loraAlpha = loraAlpha;
        b.loraDropout = loraDropout;
        b.targetModules = targetModules;
        b.useRslora = useRslora;
        b.initLoraWeights = initLoraWeights;
        b.bias = bias;
        b.taskType = taskType;
        b.baseModelNameOrPath = baseModelNameOrPath;
        b.seed = seed;
        return b;
    }

    /** Builds a {@link LoraConfig}: {@code set*} is required, {@code opt*} optional (PEFT's defaults). */
    public static final class Builder {
        private int r = 8;
        private float loraAlpha = 8f;
        private float loraDropout;
        private TargetModules targetModules;
        private boolean useRslora;
        private String initLoraWeights = "true";
        private String bias = "none";
        private String taskType = "CAUSAL_LM";
        private String baseModelNameOrPath;
        private long seed;

        private Builder() {}

        /**
         * Sets the modules to adapt.
         *
         * @param targetModules the selection
         * @return this builder
         */
        public Builder setTargetModules(TargetModules targetModules) {
            this.targetModules = targetModules;
            return this;
        }

        /**
         * Sets the modules to adapt by name.
         *
         * @param names e.g. {@code q_proj}, {@code v_proj}
         * @return this builder
         */
        public Builder setTargetModules(String... names) {
            return setTargetModules(TargetModules.names(List.of(names)));
        }

        /**
         * Sets the rank.
         *
         * @param r default 8
         * @return this builder
         */
        public Builder optR(int r) {
            this.r = r;
            return this;
        }

        /**
         * Sets lora_alpha.
         *
         * @param loraAlpha default 8
         * @return this builder
         */
        public Builder optLoraAlpha(float loraAlpha) {
            this.loraAlpha = loraAlpha;
            return this;
        }

        /**
         * Sets lora_dropout.
         *
         * @param loraDropout default 0
         * @return this builder
         */
        public Builder optLoraDropout(float loraDropout) {
            this.loraDropout = loraDropout;
            return this;
        }

        /**
         * Sets use_rslora.
         *
         * @param useRslora default false
         * @return this builder
         */
        public Builder optUseRslora(boolean useRslora) {
            this.useRslora = useRslora;
            return this;
        }

        /**
         * Sets init_lora_weights.
         *
         * @param initLoraWeights default {@code true} (Kaiming A, zero B)
         * @return this builder
         */
        public Builder optInitLoraWeights(String initLoraWeights) {
            this.initLoraWeights = initLoraWeights;
            return this;
        }

        /**
         * Sets bias (only {@code none}).
         *
         * @param bias default {@code none}
         * @return this builder
         */
        public Builder optBias(String bias) {
            this.bias = bias;
            return this;
        }

        /**
         * Sets task_type.
         *
         * @param taskType default {@code CAUSAL_LM}
         * @return this builder
         */
        public Builder optTaskType(String taskType) {
            this.taskType = taskType;
            return this;
        }

        /**
         * Sets base_model_name_or_path.
         *
         * @param baseModelNameOrPath the checkpoint name or directory
         * @return this builder
         */
        public Builder optBaseModelNameOrPath(String baseModelNameOrPath) {
            this.baseModelNameOrPath = baseModelNameOrPath;
            return this;
        }

        /**
         * Sets the seed.
         *
         * @param seed default 0
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the validated configuration
         */
        public LoraConfig build() {
            return new LoraConfig(r, loraAlpha, loraDropout, targetModules, useRslora, initLoraWeights, bias, taskType,
                    baseModelNameOrPath, seed);
        }
    }
}
