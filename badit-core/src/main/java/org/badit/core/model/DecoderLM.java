package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import org.badit.lora.nn.BlockTree;
import org.badit.lora.nn.MutableBlock;
import org.badit.lora.engine.Scalars;

/**
 * A decoder-only causal language model ({@code *ForCausalLM}): children {@code model} ({@link DecoderModel}) and,
 * unless the embeddings are tied, {@code lm_head}. Module paths equal Hugging Face's, so
 * {@code model.layers.0.self_attn.q_proj} names the same weight here and in a checkpoint, and adapters replace blocks
 * by those paths ({@link BlockTree#replace}).
 *
 * <p>Forward inputs: {@code input_ids [B, T]} (int32 or int64) and optionally {@code attention_mask [B, past + T]}
 * (1 real, 0 padding; defaults to all ones), and the caller's typed {@link ForwardInputs} (KV cache, prompt mask, task
 * ids, routing cache, last position only, auxiliary losses). Output: {@link ForwardOutput}: {@code logits [B, T, V]}
 * float32 ({@code [B, 1, V]} with {@link ForwardInputs#lastPositionOnly()}) and the mean auxiliary loss when asked
 * for. Padding may be on either side; positions count real tokens only.
 *
 * <p>Create with {@link #load(Path, NDManager)}, {@link #randomInit(ModelConfig, long, NDManager)}; write with
 * {@link #save(Path)}. Parameters are DJL {@link Parameter}s and start frozen: call {@link #setTrainable(boolean)} to
 * train them all, or unfreeze selected ones.
 */
public final class DecoderLM extends MutableBlock {

    /** The additive attention bias of a masked key (see {@link #additive}). */
    private static final float MASKED = -1e9f;

    private final ModelConfig config;
    private final RotaryEmbedding rope;
    private NDManager manager;

    /**
     * Creates the block tree of a configuration, without weights.
     *
     * @param config the configuration
     */
    public DecoderLM(ModelConfig config) {
        this.config = config;
        this.rope = new RotaryEmbedding(config);
        addChild("model", new DecoderModel(config));
        if (!config.tieWordEmbeddings()) {
            addChild("lm_head", Attention.linear(config.vocabSize(), false));
        }
    }

    /**
     * Loads a Hugging Face checkpoint directory ({@code config.json} + safetensors) in float32.
     *
     * @param dir the checkpoint directory
     * @param manager the manager (and device) that will own the weights
     * @return the model, frozen
     * @throws ModelFormatException naming the file and key or tensor when the checkpoint is unusable
     */
    public static DecoderLM load(Path dir, NDManager manager) {
        return ModelLoader.load(dir, manager, DataType.FLOAT32);
    }

    /**
     * Loads a checkpoint with weights (and activations) in a chosen type.
     *
     * <p>FLOAT32: the default, exact. FLOAT16: half the memory; norms, soft-caps and softmax still run in float32,
     * matmuls in half precision (on GPU they accumulate in float32). BFLOAT16: GPU only and <b>untested</b> — DJL 0.35.1
     * aborts the JVM on any bfloat16 array on CPU, so this library refuses it there; tensors are read as float32 and
     * cast on the device one at a time.
     *
     * @param dir the checkpoint directory
     * @param manager the manager (and device) that will own the weights
     * @param dataType FLOAT32, FLOAT16, or BFLOAT16 on a GPU
     * @return the model, frozen; logits are always float32
     * @throws ModelFormatException naming the file and key or tensor when the checkpoint is unusable
     */
    public static DecoderLM load(Path dir, NDManager manager, DataType dataType) {
        return ModelLoader.load(dir, manager, dataType);
    }

    /**
     * Creates a model with seeded random weights (normal, std 0.02; norms at identity), for tests and from-scratch
     * training.
     *
     * @param config the configuration
     * @param seed the seed: the same seed gives the same weights on every device
     * @param manager the manager (and device) that will own the weights
     * @return the model, frozen
     */
    public static DecoderLM randomInit(ModelConfig config, long seed, NDManager manager) {
        DecoderLM lm = new DecoderLM(config);
        lm.namedParameters().forEach((name, p) -> p.setInitializer(new SeededInitializer(seed, name, p)));
        lm.materialize(manager, DataType.FLOAT32);
        return lm;
    }

    /** Allocates every parameter through its initializer, then freezes them. */
    void materialize(NDManager owner, DataType dataType) {
        this.manager = owner;
        initialize(owner, dataType, new Shape(1, 1));
        setTrainable(false);
    }

    /**
     * Writes the model as a Hugging Face directory: {@code config.json} and {@code model.safetensors}.
     *
     * @param dir the directory (created if needed)
     */
    public void save(Path dir) {
        ModelLoader.save(this, dir);
    }

    /**
     * Returns the configuration.
     *
     * @return the configuration
     */
    public ModelConfig config() {
        return config;
    }

    /**
     * Returns the manager that owns the weights.
     *
     * @return the manager given at load or random initialization
     */
    public NDManager getManager() {
        if (manager == null) {
            throw new IllegalStateException("the model has no weights yet");
        }
        return manager;
    }

    /**
     * Lists every parameter by its Hugging Face tensor name (module path + "." + parameter name).
     *
     * @return tensor name to parameter, in module order
     */
    public Map<String, Parameter> namedParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, Block> e : BlockTree.modules(this).entrySet()) {
            for (Pair<String, Parameter> p : e.getValue().getDirectParameters()) {
                out.put(e.getKey() + "." + p.getKey(), p.getValue());
            }
        }
        return out;
    }

    /**
     * Freezes or unfreezes every parameter.
     *
     * @param trainable true to compute gradients of all parameters
     */
    public void setTrainable(boolean trainable) {
        namedParameters().values().forEach(p -> p.freeze(!trainable));
    }

    /** Freezes every parameter (the base model of adapter training). */
    public void freezeAll() {
        setTrainable(false);
    }

    /**
     * Runs one forward pass.
     *
     * @param ps the parameter store ({@code new ParameterStore(manager, false)})
     * @param inputIds {@code [B, T]}
     * @param attentionMask {@code [B, past + T]}, or null for no padding
     * @param training true when gradients will be computed
     * @param inputs the caller's extras ({@link ForwardInputs#NONE} for none)
     * @return the logits ({@code [B, T, V]}) and, when asked for, the mean auxiliary loss
     */
    public ForwardOutput forward(ParameterStore ps, NDArray inputIds, NDArray attentionMask, boolean training,
            ForwardInputs inputs) {
        NDList in = attentionMask == null ? new NDList(inputIds) : new NDList(inputIds, attentionMask);
        PairList<String, Object> params = new PairList<>();
        params.add(ForwardInputs.KEY, inputs == null ? ForwardInputs.NONE : inputs);
        NDList out = forward(ps, in, training, params);
        return new ForwardOutput(out.head(), out.size() > 1 ? out.get(1) : null);
    }

    /**
     * Computes logits: the convenience form of {@link #forward(ParameterStore, NDArray, NDArray, boolean,
     * ForwardInputs)}.
     *
     * @param ps the parameter store
     * @param inputIds {@code [B, T]}
     * @param attentionMask {@code [B, past + T]}, or null for no padding
     * @param training true when gradients will be computed
     * @param inputs the caller's extras
     * @return {@code [B, T, V]} logits
     */
    public NDArray logits(ParameterStore ps, NDArray inputIds, NDArray attentionMask, boolean training,
            ForwardInputs inputs) {
        return forward(ps, inputIds, attentionMask, training, inputs).logits();
    }

    /**
     * Computes logits of a plain pass (no extras).
     *
     * @param ps the parameter store
     * @param inputIds {@code [B, T]}
     * @param attentionMask {@code [B, T]}, or null for no padding
     * @param training true when gradients will be computed
     * @return {@code [B, T, V]} logits
     */
    public NDArray logits(ParameterStore ps, NDArray inputIds, NDArray attentionMask, boolean training) {
        return logits(ps, inputIds, attentionMask, training, ForwardInputs.NONE);
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        NDArray ids = inputs.get(0);
        if (ids.getDataType() != DataType.INT64) {
            ids = ids.toType(DataType.INT64, false);
        }
        if (ids.getShape().dimension() != 2) {
            throw new IllegalArgumentException("input_ids must be [B, T], got " + ids.getShape());
        }
        PairList<String, Object> callerParams = params == null ? new PairList<>() : params;
        Object given = callerParams.get(ForwardInputs.KEY);
        ForwardInputs extras = given instanceof ForwardInputs ? (ForwardInputs) given : ForwardInputs.NONE;
        KvCache cache = extras.kvCache();
        int past = cache == null ? 0 : cache.length();
        long t = ids.getShape().get(1);
        NDArray mask = inputs.size() > 1 ? inputs.get(1) : ids.getManager().ones(new Shape(ids.getShape().get(0),
                past + t), DataType.INT64, ids.getDevice());
        if (mask.getShape().get(1) != past + t) {
            throw new IllegalArgumentException("attention_mask must cover the " + past + " cached and " + t
                    + " new positions, got " + mask.getShape());
        }
        ForwardContext ctx = context(ids, mask, past, extras);
        PairList<String, Object> childParams = new PairList<>(new ArrayList<>(callerParams.keys()),
                new ArrayList<>(callerParams.values()));
        childParams.remove(ForwardContext.KEY);
        childParams.add(ForwardContext.KEY, ctx);

        DecoderModel body = (DecoderModel) child("model");
        NDArray h = body.forward(ps, new NDList(ids), training, childParams).head();
        if (extras.lastPositionOnly()) {
            h = h.get(":, -1:, :");
        }
        NDArray logits;
        if (config.tieWordEmbeddings()) {
            NDArray table = ps.getValue(body.embedTokens().weight(), h.getDevice(), training);
            logits = Linear.linear(h, table).head();
        } else {
            logits = child("lm_head").forward(ps, new NDList(h), training, childParams).head();
        }
        logits = logits.toType(DataType.FLOAT32, false);
        if (config.finalLogitSoftcap() > 0) {
            float cap = (float) config.finalLogitSoftcap();
            logits = Scalars.mul(Scalars.div(logits, cap).tanh(), cap);
        }
        if (cache != null) {
            cache.advance((int) t);
        }
        NDArray auxiliary = ctx.auxiliaryLosses() == null ? null : ctx.auxiliaryLosses().mean();
        return auxiliary == null ? new NDList(logits) : new NDList(logits, auxiliary);
    }

    private ForwardContext context(NDArray ids, NDArray mask, int past, ForwardInputs extras) {
        long t = ids.getShape().get(1);
        NDManager m = ids.getManager();
        NDArray real = mask.toType(DataType.INT64, false);
        // Positions count real tokens, so a left-padded prompt starts at 0 like an unpadded one.
        NDArray positions = real.cumSum(1).sub(1).maximum(0).get(":, {}:", past);
        NDList cosSin = rope.cosSin(positions, past + t);

        NDArray queryIndex = m.arange(past, past + t, 1, DataType.INT64).toDevice(ids.getDevice(), false)
                .reshape(t, 1);
        NDArray keyIndex = m.arange(0, past + t, 1, DataType.INT64).toDevice(ids.getDevice(), false)
                .reshape(1, past + t);
        NDArray causal = keyIndex.lte(queryIndex).expandDims(0); // [1, T, S]
        NDArray keyReal = real.gt(0).expandDims(1); // [B, 1, S]
        NDArray allowed = causal.logicalAnd(keyReal);
        NDArray full = additive(allowed);
        NDArray sliding = null;
        if (config.slidingWindow() > 0) {
            NDArray inWindow = keyIndex.gt(queryIndex.sub(config.slidingWindow())).expandDims(0);
            sliding = additive(allowed.logicalAnd(inWindow));
        }
        NDArray promptMask = extras.promptMask();
        if (promptMask == null) {
            promptMask = past == 0 ? real.get(":, {}:", past).toType(DataType.FLOAT32, false)
                    : m.zeros(new Shape(ids.getShape().get(0), t), DataType.FLOAT32, ids.getDevice());
        }
        return new ForwardContext(mask, promptMask, positions, cosSin.get(0), cosSin.get(1), full, sliding,
                extras.kvCache(), past, extras.routingCache(), extras.taskIds(),
                extras.auxiliaryLosses() ? new AuxiliaryLosses() : null);
    }

    /**
     * {@code [B, T, S]} booleans to an additive float32 {@code [B, 1, T, S]} mask: 0 allowed, −1e9 not.
     *
     * <p>Not −Float.MAX_VALUE: with it, full training of a small model produced NaN gradients after ~300 steps (a
     * seeded, reproducible run; the same run with −1e9 is clean). The softmax runs in float32, where
     * exp(−1e9 − max) is exactly 0, so masked keys still get exactly zero weight and the logits are unchanged.
     */
    private static NDArray additive(NDArray allowed) {
        return allowed.logicalNot().toType(DataType.FLOAT32, false).mul(MASKED).expandDims(1);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager m, DataType dataType, Shape... inputShapes) {
        child("model").initialize(m, dataType, new Shape(1, 1));
        if (!config.tieWordEmbeddings()) {
            child("lm_head").initialize(m, dataType, new Shape(config.hiddenSize()));
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0].add(config.vocabSize())};
    }

    /** Frees the weights. */
    public void close() {
        namedParameters().values().forEach(Parameter::close);
    }
}
