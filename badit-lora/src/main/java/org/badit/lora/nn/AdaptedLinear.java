package org.badit.lora.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * A linear layer with a <b>frozen</b> base weight and a learned update: the common parent of LoRA, BADIT experts and
 * LoRAMoE layers, and what adapter injection puts in place of a DJL {@link Linear}.
 *
 * <pre>
 *   y = x·Wᵀ + b + delta(x)        x [..., in]   W [out, in]   b [out]   y [..., out]
 * </pre>
 *
 * <p>Subclasses add their trainable parameters (with {@link #addParameter}) and implement
 * {@link #delta(ParameterStore, NDArray, boolean, PairList)}. The {@code params} argument of {@code forward} is passed
 * to {@code delta} unchanged, so a router can read extra context (task ids, a prompt mask) that a parent block puts
 * there. A subclass whose update is a fixed matrix implements {@link #deltaWeight()} and gets {@link #merge()} /
 * {@link #unmerge()} for free; one whose update depends on the input (a token router) throws from it.
 *
 * <p>The base arrays are taken over from the replaced layer (no copy) and are modified only in place (merge,
 * residual initializations), so the layer stays on the device the base weight lives on.
 */
public abstract class AdaptedLinear extends AbstractBlock {

    private final Parameter weight;
    private final Parameter bias;
    private boolean merged;

    /**
     * Wraps base arrays.
     *
     * @param weight the base weight {@code [out, in]}; frozen from now on
     * @param bias the base bias {@code [out]}, or {@code null}
     */
    protected AdaptedLinear(NDArray weight, NDArray bias) {
        super((byte) 1);
        Objects.requireNonNull(weight, "base weight");
        if (weight.getShape().dimension() != 2) {
            throw new IllegalArgumentException("base weight must be [out, in], got " + weight.getShape());
        }
        if (bias != null && !bias.getShape().equals(new Shape(weight.getShape().get(0)))) {
            throw new IllegalArgumentException("base bias must be [" + weight.getShape().get(0) + "], got "
                    + bias.getShape());
        }
        this.weight = addParameter(frozen("weight", Parameter.Type.WEIGHT, weight));
        this.bias = bias == null ? null : addParameter(frozen("bias", Parameter.Type.BIAS, bias));
    }

    private static Parameter frozen(String name, Parameter.Type type, NDArray array) {
        Parameter p = Parameter.builder().setName(name).setType(type).optRequiresGrad(false).build();
        // setArray (not optArray) so that getShape() is known to DJL code that describes parameters.
        p.setArray(array);
        array.setRequiresGradient(false);
        return p;
    }

    /**
     * Reads the arrays of an initialized DJL {@link Linear}.
     *
     * @param linear the layer
     * @return {@code [weight, bias]}, bias {@code null} when the layer has none
     */
    public static NDArray[] arraysOf(Linear linear) {
        Parameter w = linear.getParameters().get("weight");
        if (w == null || !w.isInitialized()) {
            throw new IllegalArgumentException("Linear layer is not initialized (no weight array); initialize the "
                    + "model (or load its weights) before adapting it");
        }
        Parameter b = linear.getParameters().get("bias");
        return new NDArray[] {w.getArray(), b != null && b.isInitialized() ? b.getArray() : null};
    }

    /**
     * Creates a block-specific parameter: trainable, holding {@code array} (which must already be on the base
     * weight's device).
     *
     * @param name the parameter name (the PEFT tensor name, e.g. {@code lora_A})
     * @param array the initial array
     * @return the registered parameter
     */
    protected final Parameter addTrainable(String name, NDArray array) {
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).build();
        p.setArray(array);
        array.setRequiresGradient(true);
        return addParameter(p);
    }

    /**
     * The adapter's contribution for an input.
     *
     * @param ps the parameter store of this forward call
     * @param x the input {@code [..., in]}
     * @param training whether this is a training forward (dropout etc.)
     * @param params the extra context passed to {@code forward}, possibly {@code null}
     * @return {@code [..., out]}
     */
    protected abstract NDArray delta(ParameterStore ps, NDArray x, boolean training, PairList<String, Object> params);

    /**
     * The dense update equal to the adapter's contribution: {@code delta(x) == x·deltaWeight()ᵀ}.
     *
     * @return {@code [out, in]} on the base weight's device, attached to the base weight's manager (close it when
     *     done)
     * @throws UnsupportedOperationException when the update depends on the input (e.g. a token router)
     */
    public abstract NDArray deltaWeight();

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray x = inputs.head();
        if (x.getShape().get(x.getShape().dimension() - 1) != inFeatures()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expects inputs [..., " + inFeatures()
                    + "], got " + x.getShape());
        }
        NDArray w = ps.getValue(weight, x.getDevice(), training);
        NDArray b = bias == null ? null : ps.getValue(bias, x.getDevice(), training);
        NDArray y = Linear.linear(x, w, b).head();
        if (merged) {
            if (training) {
                throw new IllegalStateException("merged " + getClass().getSimpleName()
                        + " cannot train: call unmerge() first");
            }
            return new NDList(y);
        }
        return new NDList(y.add(delta(ps, x, training, params)));
    }

    /**
     * Folds the update into the base weight ({@code W += deltaWeight()}) so inference costs one matmul.
     * No-op when already merged.
     */
    public void merge() {
        if (merged) {
            return;
        }
        try (NDArray d = deltaWeight()) {
            NDArray w = baseWeightArray();
            w.addi(d.toType(w.getDataType(), false));
        }
        merged = true;
    }

    /** Undoes {@link #merge()} ({@code W -= deltaWeight()}), exact up to float round-off. No-op when not merged. */
    public void unmerge() {
        if (!merged) {
            return;
        }
        try (NDArray d = deltaWeight()) {
            NDArray w = baseWeightArray();
            w.subi(d.toType(w.getDataType(), false));
        }
        merged = false;
    }

    /**
     * Returns whether the update is folded into the base weight.
     *
     * @return true after {@link #merge()}
     */
    public boolean isMerged() {
        return merged;
    }

    /**
     * Returns the frozen base weight parameter.
     *
     * @return {@code W [out, in]}
     */
    public Parameter baseWeight() {
        return weight;
    }

    /**
     * Returns the frozen base bias parameter.
     *
     * @return {@code b [out]}, or {@code null}
     */
    public Parameter baseBias() {
        return bias;
    }

    /**
     * Returns the base weight array.
     *
     * @return {@code W [out, in]}
     */
    public NDArray baseWeightArray() {
        return weight.getArray();
    }

    /**
     * Returns the base bias array.
     *
     * @return {@code b [out]}, or {@code null}
     */
    public NDArray baseBiasArray() {
        return bias == null ? null : bias.getArray();
    }

    /**
     * Overwrites the base weight in place (residual initializations such as PiSSA).
     *
     * @param value {@code [out, in]}; cast to the base weight's type
     */
    public void setBaseWeight(NDArray value) {
        copyInto(baseWeightArray(), value, "base weight");
    }

    /**
     * Returns the manager that owns the base weight: arrays created for this layer live there and on its device.
     *
     * @return the base weight's manager
     */
    public NDManager manager() {
        return baseWeightArray().getManager();
    }

    /**
     * Returns the input width.
     *
     * @return in
     */
    public long inFeatures() {
        return baseWeightArray().getShape().get(1);
    }

    /**
     * Returns the output width.
     *
     * @return out
     */
    public long outFeatures() {
        return baseWeightArray().getShape().get(0);
    }

    /**
     * Lists the parameters an optimizer should update (those that require gradients), in registration order.
     *
     * @return the trainable parameters of this layer
     */
    public List<Parameter> trainableParameters() {
        List<Parameter> out = new ArrayList<>();
        for (Parameter p : parameters.values()) {
            if (p.requiresGradient()) {
                out.add(p);
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * Copies {@code value} into {@code target} in place (same shape), casting to the target's type and device.
     *
     * @param target the array to overwrite
     * @param value the new values
     * @param what a name for error messages
     */
    protected static void copyInto(NDArray target, NDArray value, String what) {
        if (!target.getShape().equals(value.getShape())) {
            throw new IllegalArgumentException(what + ": expected shape " + target.getShape() + ", got "
                    + value.getShape());
        }
        NDArray cast = value.toDevice(target.getDevice(), false).toType(target.getDataType(), false);
        target.set(new NDIndex("..."), cast);
        if (cast != value) {
            cast.close();
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {in.slice(0, in.dimension() - 1).add(outFeatures())};
    }
}
