package org.badit.lora.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.badit.lora.engine.Scalars;
import org.badit.lora.engine.SeededRandom;

/**
 * Low-Rank Adaptation of a linear layer (Hu et al., "LoRA: Low-Rank Adaptation of Large Language Models",
 * arXiv 2106.09685): the pretrained weight stays frozen and a rank-r update {@code B·A} is learned.
 *
 * <pre>
 *         ┌───────────────────┐
 *         ┆         h         ┆
 *         └───────────────────┘
 *                   ▲
 *                   |
 *                   +
 *                /     \
 *   ┌─────────────────┐    ╭───────────────╮     Matrix initialization:
 *   ┆                 ┆     \      B      /      B = 0 (Gaussian/Kaiming) or U·sqrt(S/s) (PiSSA)
 *   ┆   pretrained    ┆      \    r*d    /       A = N(0, σ²) / Kaiming or sqrt(S/s)·Vᵀ
 *   ┆    weights      ┆       ╰─────────╯
 *   ┆                 ┆       |    r    |        r - rank
 *   ┆   W ∈ ℝ^(d*d)   ┆       | ◀─────▶ |        s - scaling = alpha/r (alpha/sqrt(r) with rsLoRA)
 *   ┆   (frozen)      ┆       ╭─────────╮
 *   └─────────────────┘      /     A     \
 *            ▲              /     d*r     \
 *             \            ╰───────────────╯
 *              \                ▲
 *               \               |  dropout (training only)
 *                \             /
 *                 ┌───────────────────┐
 *                 ┆         x         ┆
 *                 └───────────────────┘
 * </pre>
 *
 * <p>{@code y = x·Wᵀ + b + s·dropout(x)·Aᵀ·Bᵀ} with {@code x [..., in]}, {@code W [out, in]}, {@code A [r, in]},
 * {@code B [out, r]}. The parameters are named {@code lora_A} and {@code lora_B} as in PEFT's saved adapters.
 * rsLoRA: Kalajdzievski, "A Rank Stabilization Scaling Factor for Fine-Tuning with LoRA", arXiv 2312.03732.
 *
 * <p>Dropout draws from the engine's random generator: seed it with {@code Engine.setRandomSeed} for reproducible
 * training (as {@code torch.manual_seed}).
 */
public class LoraLinear extends AdaptedLinear {

    /** PEFT's name of the down projection A. */
    public static final String LORA_A = "lora_A";
    /** PEFT's name of the up projection B. */
    public static final String LORA_B = "lora_B";

    private final int rank;
    private final float alpha;
    private final boolean rsLora;
    private final float dropout;
    private final Parameter loraA;
    private final Parameter loraB;
    private String initName;
    // The factors an initializer subtracted from the base (PiSSA/MiLoRA/OLoRA), kept for the base-compatible export.
    private NDArray initialA;
    private NDArray initialB;

    /**
     * Creates the layer from a builder (use {@link #builder()}).
     *
     * @param builder the builder
     */
    protected LoraLinear(Builder builder) {
        super(builder.weight, builder.bias);
        this.rank = builder.rank;
        this.alpha = builder.alpha;
        this.rsLora = builder.rsLora;
        this.dropout = builder.dropout;
        NDArray w = builder.weight;
        DataType type = w.getDataType();
        NDManager m = w.getManager();
        this.loraA = addTrainable(LORA_A, m.zeros(new Shape(rank, w.getShape().get(1)), type, w.getDevice()));
        this.loraB = addTrainable(LORA_B, m.zeros(new Shape(w.getShape().get(0), rank), type, w.getDevice()));
        resetToDefault(builder.seed);
    }

    /**
     * Re-initialises the adapter as PEFT's default ({@code init_lora_weights=True}): A from Kaiming-uniform with
     * a = √5, i.e. {@code U(−1/√in, 1/√in)} (the PyTorch {@code nn.Linear} default), and B = 0, so the adapted layer
     * computes what the pretrained one does. The layer does this itself on construction (as PEFT's
     * {@code reset_lora_parameters}); other initializers ({@code org.badit.lora.init}) overwrite it afterwards.
     *
     * @param seed the seed of A
     */
    public void resetToDefault(long seed) {
        NDArray a = loraA.getArray();
        try (NDManager sub = manager().newSubManager()) {
            NDArray fresh = SeededRandom.uniform(sub, a.getShape(), 1.0 / Math.sqrt(inFeatures()), seed,
                    a.getDataType(), a.getDevice());
            setLoraWeights(fresh, sub.zeros(loraB.getArray().getShape()));
        }
        initName = "true";
    }

    /**
     * Records which initializer set the adapter, for the exported {@code init_lora_weights}.
     *
     * @param peftName e.g. {@code gaussian}, {@code pissa_niter_4}
     */
    public void recordInitializer(String peftName) {
        this.initName = peftName;
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
     * Computes the LoRA scaling factor.
     *
     * @param alpha lora_alpha
     * @param rank r
     * @param rsLora whether to use alpha/sqrt(r)
     * @return alpha/r, or alpha/sqrt(r) with rsLoRA
     */
    public static float scaling(float alpha, int rank, boolean rsLora) {
        return (float) (rsLora ? alpha / Math.sqrt(rank) : alpha / (double) rank);
    }

    /** {@inheritDoc} */
    @Override
    protected NDArray delta(ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params) {
        NDArray a = ps.getValue(loraA, x.getDevice(), training);
        NDArray b = ps.getValue(loraB, x.getDevice(), training);
        NDArray h = training && dropout > 0f ? Dropout.dropout(x, dropout, true).head() : x;
        return Scalars.mul(Linear.linear(Linear.linear(h, a).head(), b).head(), scaling());
    }

    /** {@inheritDoc} */
    @Override
    public NDArray deltaWeight() {
        return loraB.getArray().matMul(loraA.getArray()).mul(scaling());
    }

    /**
     * Replaces A and B in place (initializers, adapter loading).
     *
     * @param a {@code [r, in]}
     * @param b {@code [out, r]}
     */
    public void setLoraWeights(NDArray a, NDArray b) {
        if (isMerged()) {
            throw new IllegalStateException("cannot set LoRA weights of a merged layer: unmerge() first");
        }
        copyInto(loraA.getArray(), a, LORA_A);
        copyInto(loraB.getArray(), b, LORA_B);
    }

    /**
     * Records the factors an initializer subtracted from the base weight ({@code W_res = W − s·B0·A0}), for the
     * base-compatible export. Copies are kept, in the layer's type, owned by the layer.
     *
     * @param a0 {@code A0 [r, in]}
     * @param b0 {@code B0 [out, r]}
     */
    public void setInitialFactors(NDArray a0, NDArray b0) {
        closeInitial();
        // duplicate() clones; toType(type, true) does not copy when the type is unchanged (it aliases).
        initialA = a0.toType(loraA.getArray().getDataType(), false).duplicate();
        initialB = b0.toType(loraB.getArray().getDataType(), false).duplicate();
        // Owned by the layer (the base weight's manager), whatever scope the inputs came from.
        initialA.attach(manager());
        initialB.attach(manager());
        initialA.setRequiresGradient(false);
        initialB.setRequiresGradient(false);
    }

    private void closeInitial() {
        if (initialA != null) {
            initialA.close();
            initialB.close();
        }
    }

    /**
     * Returns whether the base weight is a residual ({@code W − s·B0·A0}) rather than the pretrained weight.
     *
     * @return true after a PiSSA/MiLoRA/OLoRA initialization
     */
    public boolean hasResidualBase() {
        return initialA != null;
    }

    /**
     * Returns A0, the initial A subtracted from the base.
     *
     * @return {@code [r, in]}, or {@code null} when the base is the pretrained weight
     */
    public NDArray initialA() {
        return initialA;
    }

    /**
     * Returns B0, the initial B subtracted from the base.
     *
     * @return {@code [out, r]}, or {@code null} when the base is the pretrained weight
     */
    public NDArray initialB() {
        return initialB;
    }

    /**
     * Returns the A parameter.
     *
     * @return {@code lora_A [r, in]}
     */
    public Parameter loraA() {
        return loraA;
    }

    /**
     * Returns the B parameter.
     *
     * @return {@code lora_B [out, r]}
     */
    public Parameter loraB() {
        return loraB;
    }

    /**
     * Returns the rank.
     *
     * @return r
     */
    public int rank() {
        return rank;
    }

    /**
     * Returns lora_alpha.
     *
     * @return alpha
     */
    public float alpha() {
        return alpha;
    }

    /**
     * Returns whether rsLoRA scaling is used.
     *
     * @return true for alpha/sqrt(r)
     */
    public boolean rsLora() {
        return rsLora;
    }

    /**
     * Returns the dropout rate on the LoRA branch.
     *
     * @return the rate in [0, 1)
     */
    public float dropout() {
        return dropout;
    }

    /**
     * Returns the scaling s applied to {@code B·A}.
     *
     * @return alpha/r or alpha/sqrt(r)
     */
    public float scaling() {
        return scaling(alpha, rank, rsLora);
    }

    /**
     * Returns the PEFT name of the initializer used ({@code init_lora_weights}).
     *
     * @return e.g. {@code true}, {@code gaussian}, {@code pissa_niter_4}
     */
    public String initName() {
        return initName;
    }

    /** Builds a {@link LoraLinear}: {@code set*} is required, {@code opt*} optional. */
    public static final class Builder {
        private NDArray weight;
        private NDArray bias;
        private int rank = -1;
        private float alpha = Float.NaN;
        private boolean rsLora;
        private float dropout;
        private long seed;

        private Builder() {}

        /**
         * Sets the base layer: its arrays are taken over (not copied).
         *
         * @param linear an initialized DJL Linear
         * @return this builder
         */
        public Builder setBase(Linear linear) {
            NDArray[] arrays = arraysOf(linear);
            return setBaseWeight(arrays[0]).optBaseBias(arrays[1]);
        }

        /**
         * Sets the base weight (taken over, not copied).
         *
         * @param weight {@code W [out, in]}
         * @return this builder
         */
        public Builder setBaseWeight(NDArray weight) {
            this.weight = weight;
            return this;
        }

        /**
         * Sets the base bias (taken over, not copied).
         *
         * @param bias {@code b [out]} or {@code null}
         * @return this builder
         */
        public Builder optBaseBias(NDArray bias) {
            this.bias = bias;
            return this;
        }

        /**
         * Sets the rank r.
         *
         * @param rank at least 1
         * @return this builder
         */
        public Builder setRank(int rank) {
            this.rank = rank;
            return this;
        }

        /**
         * Sets lora_alpha (default: r, i.e. scaling 1).
         *
         * @param alpha positive
         * @return this builder
         */
        public Builder optAlpha(float alpha) {
            this.alpha = alpha;
            return this;
        }

        /**
         * Uses the rank-stabilized scaling alpha/sqrt(r).
         *
         * @param rsLora true for rsLoRA
         * @return this builder
         */
        public Builder optRsLora(boolean rsLora) {
            this.rsLora = rsLora;
            return this;
        }

        /**
         * Sets the dropout rate on the LoRA branch's input (training only).
         *
         * @param dropout in [0, 1)
         * @return this builder
         */
        public Builder optDropout(float dropout) {
            this.dropout = dropout;
            return this;
        }

        /**
         * Sets the seed of the default initialization (and the initializer applied afterwards should use it too).
         *
         * @param seed the seed (default 0)
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Builds and initializes the layer.
         *
         * @return the layer
         */
        public LoraLinear build() {
            if (weight == null) {
                throw new IllegalStateException("LoraLinear.builder(): setBase or setBaseWeight is required");
            }
            if (rank < 1) {
                throw new IllegalArgumentException("LoRA rank r must be >= 1, got " + rank);
            }
            long maxRank = Math.min(weight.getShape().get(0), weight.getShape().get(1));
            if (rank > maxRank) {
                throw new IllegalArgumentException("LoRA rank r=" + rank + " exceeds min(out, in)=" + maxRank
                        + " of the base weight " + weight.getShape());
            }
            if (Float.isNaN(alpha)) {
                alpha = rank;
            }
            if (!(alpha > 0f) || Float.isInfinite(alpha)) {
                throw new IllegalArgumentException("lora_alpha must be positive and finite, got " + alpha);
            }
            if (!(dropout >= 0f && dropout < 1f)) {
                throw new IllegalArgumentException("lora_dropout must be in [0, 1), got " + dropout);
            }
            return new LoraLinear(this);
        }
    }
}
