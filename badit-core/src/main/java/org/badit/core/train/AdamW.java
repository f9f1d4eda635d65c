package org.badit.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.badit.core.expert.PermutableOptimizerState;

/**
 * AdamW (Loshchilov &amp; Hutter, decoupled weight decay) with PyTorch's {@code torch.optim.AdamW} semantics, whose
 * moments are reachable by parameter name.
 *
 * <p>DJL's own optimizers keep their moments private; BADIT's DOG regrouping must move each rank-1 component's first
 * and second moments together with the component (the released code moves neither, so a regrouped component kept
 * another component's momentum). {@link #moments(String)} gives them out, {@link Moments#permute} moves them.
 *
 * <p>Per parameter and step t (gradient g, learning rate η, decay λ):
 * <pre>
 *   p ← p − η·λ·p
 *   m ← β1·m + (1 − β1)·g           v ← β2·v + (1 − β2)·g²
 *   p ← p − η · (m / (1 − β1ᵗ)) / (sqrt(v / (1 − β2ᵗ)) + ε)
 * </pre>
 * Every operation runs on the parameter's device; nothing is copied to the host.
 */
public final class AdamW implements PermutableOptimizerState {

    private final float beta1;
    private final float beta2;
    private final float epsilon;
    private final float weightDecay;
    private final NDManager manager;
    private final Map<String, Moments> moments = new LinkedHashMap<>();
    private long step;

    private AdamW(Builder builder) {
        this.beta1 = builder.beta1;
        this.beta2 = builder.beta2;
        this.epsilon = builder.epsilon;
        this.weightDecay = builder.weightDecay;
        this.manager = builder.manager;
    }

    /**
     * Creates a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Applies one update to every parameter that has a gradient, then counts the step.
     *
     * @param parameters trainable parameters by stable name (the names key the moments and checkpoints)
     * @param learningRate η for this step
     */
    public void step(Map<String, Parameter> parameters, float learningRate) {
        step++;
        float bias1 = 1f - (float) Math.pow(beta1, step);
        float bias2 = 1f - (float) Math.pow(beta2, step);
        float stepSize = learningRate / bias1;
        float sqrtBias2 = (float) Math.sqrt(bias2);
        for (Map.Entry<String, Parameter> e : parameters.entrySet()) {
            NDArray weight = e.getValue().getArray();
            if (!weight.hasGradient()) {
                continue;
            }
            NDArray grad = weight.getGradient();
            Moments mv = moments.computeIfAbsent(e.getKey(), k -> Moments.zerosLike(weight, manager));
            // Temporaries die with the scope; the four arrays go back to their owners when it closes.
            try (NDManager scope = weight.getManager().newSubManager()) {
                scope.tempAttachAll(weight, grad, mv.first, mv.second);
                if (weightDecay != 0f) {
                    weight.muli(1f - learningRate * weightDecay);
                }
                mv.first.muli(beta1).addi(grad.mul(1f - beta1));
                mv.second.muli(beta2).addi(grad.square().muli(1f - beta2));
                NDArray denom = mv.second.sqrt().divi(sqrtBias2).addi(epsilon);
                weight.subi(mv.first.div(denom).muli(stepSize));
            }
        }
    }

    /**
     * Returns the number of steps taken.
     *
     * @return the step count t
     */
    public long stepCount() {
        return step;
    }

    /**
     * Returns a parameter's moments, or null before its first update.
     *
     * @param name the parameter's name
     * @return its moments
     */
    public Moments moments(String name) {
        return moments.get(name);
    }

    /** {@inheritDoc} */
    @Override
    public NDArray firstMoment(String parameter) {
        Moments m = moments.get(parameter);
        return m == null ? null : m.first();
    }

    /** {@inheritDoc} */
    @Override
    public NDArray secondMoment(String parameter) {
        Moments m = moments.get(parameter);
        return m == null ? null : m.second();
    }

    /**
     * Returns every parameter's moments.
     *
     * @return name to moments, read-only
     */
    public Map<String, Moments> allMoments() {
        return Collections.unmodifiableMap(moments);
    }

    /**
     * Restores state from a checkpoint.
     *
     * @param stepCount the step count t
     * @param restored name to moments (arrays are attached to this optimizer's manager)
     */
    public void restore(long stepCount, Map<String, Moments> restored) {
        moments.values().forEach(Moments::close);
        moments.clear();
        restored.forEach((name, m) -> {
            m.first.attach(manager);
            m.second.attach(manager);
            ai.djl.ndarray.NDScope.unregister(m.first, m.second);
            moments.put(name, m);
        });
        this.step = stepCount;
    }

    /**
     * The first and second moment of one parameter, of its shape and device.
     *
     * @param first m, the running mean of gradients
     * @param second v, the running mean of squared gradients
     */
    public record Moments(NDArray first, NDArray second) implements AutoCloseable {

        static Moments zerosLike(NDArray weight, NDManager manager) {
            NDArray m = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
            NDArray v = manager.zeros(weight.getShape(), weight.getDataType(), weight.getDevice());
            ai.djl.ndarray.NDScope.unregister(m, v); // moments outlive the training step's scope
            return new Moments(m, v);
        }

        /**
         * Reorders both moments along an axis in place: slot i receives what was at {@code index[i]}.
         *
         * @param axis the axis to reorder
         * @param index int64 indices {@code [size of axis]} (a permutation), on the moments' device
         */
        public void permute(int axis, NDArray index) {
            ai.djl.ndarray.index.NDIndex along = new ai.djl.ndarray.index.NDIndex(":, ".repeat(axis) + "{}", index);
            for (NDArray moment : new NDArray[] {first, second}) {
                try (NDArray moved = moment.get(along)) {
                    moment.set(new ai.djl.ndarray.index.NDIndex("..."), moved);
                }
            }
        }

        /** {@inheritDoc} */
        @Override
        public void close() {
            first.close();
            second.close();
        }
    }

    /** Builds an {@link AdamW}. */
    public static final class Builder {
        private float beta1 = 0.9f;
        private float beta2 = 0.999f;
        private float epsilon = 1e-8f;
        private float weightDecay;
        private NDManager manager;

        private Builder() {}

        /**
         * Sets the manager that owns the moments (the training device's).
         *
         * @param manager the manager
         * @return this builder
         */
        public Builder setManager(NDManager manager) {
            this.manager = manager;
            return this;
        }

        /**
         * Sets β1 and β2 (defaults 0.9, 0.999).
         *
         * @param beta1 the first moment's decay
         * @param beta2 the second moment's decay
         * @return this builder
         */
        public Builder optBetas(float beta1, float beta2) {
            this.beta1 = beta1;
            this.beta2 = beta2;
            return this;
        }

        /**
         * Sets ε (default 1e-8).
         *
         * @param epsilon the denominator's guard
         * @return this builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Sets the decoupled weight decay λ (default 0).
         *
         * @param weightDecay λ
         * @return this builder
         */
        public Builder optWeightDecay(float weightDecay) {
            this.weightDecay = weightDecay;
            return this;
        }

        /**
         * Builds the optimizer.
         *
         * @return the optimizer
         */
        public AdamW build() {
            if (manager == null) {
                throw new IllegalArgumentException("AdamW needs setManager(...)");
            }
            if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1)) {
                throw new IllegalArgumentException("betas must lie in [0, 1): " + beta1 + ", " + beta2);
            }
            return new AdamW(this);
        }
    }
}
