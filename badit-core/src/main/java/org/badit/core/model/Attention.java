package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.badit.lora.nn.MutableBlock;
import org.badit.lora.engine.Scalars;

/**
 * Multi-head causal self-attention with grouped key/value heads ({@code self_attn}).
 *
 * <p>Children (Hugging Face names): {@code q_proj} {@code [nH·D, H]}, {@code k_proj} and {@code v_proj}
 * {@code [nKV·D, H]}, {@code o_proj} {@code [H, nH·D]}, and for Qwen3 {@code q_norm}, {@code k_norm} over {@code D}.
 * GQA runs as one grouped matmul: the {@code G = nH / nKV} query heads of a group are stacked along the time axis
 * against their shared key head, so keys and values are never copied per query head.
 *
 * <p>Input {@code [B, T, H]}, output {@code [B, T, H]}.
 */
public final class Attention extends MutableBlock {

    private final ModelConfig config;
    private final int layer;

    /**
     * Creates the attention of one layer.
     *
     * @param config the model configuration
     * @param layer the layer index (selects the sliding window and the KV-cache slot)
     */
    public Attention(ModelConfig config, int layer) {
        this.config = config;
        this.layer = layer;
        int d = config.headDim();
        addChild("q_proj", linear((long) config.numHeads() * d, config.qkvBias()));
        addChild("k_proj", linear((long) config.numKvHeads() * d, config.qkvBias()));
        addChild("v_proj", linear((long) config.numKvHeads() * d, config.qkvBias()));
        addChild("o_proj", linear(config.hiddenSize(), config.outputBias()));
        if (config.qkNorm()) {
            addChild("q_norm", new RmsNorm(d, config.rmsNormEps(), false));
            addChild("k_norm", new RmsNorm(d, config.rmsNormEps(), false));
        }
    }

    static Linear linear(long out, boolean bias) {
        return Linear.builder().setUnits(out).optBias(bias).build();
    }

    /** {@inheritDoc} */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
            PairList<String, Object> params) {
        ForwardContext ctx = ForwardContext.of(params);
        NDArray x = inputs.head();
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        int heads = config.numHeads();
        int kvHeads = config.numKvHeads();
        int d = config.headDim();

        NDArray q = heads(ps, "q_proj", config.qkNorm() ? "q_norm" : null, x, heads, training, params);
        NDArray k = heads(ps, "k_proj", config.qkNorm() ? "k_norm" : null, x, kvHeads, training, params);
        NDArray v = heads(ps, "v_proj", null, x, kvHeads, training, params);
        DataType compute = x.getDataType();
        q = RotaryEmbedding.apply(q, ctx.cos(), ctx.sin()).toType(compute, false); // [B, nH, T, D]
        k = RotaryEmbedding.apply(k, ctx.cos(), ctx.sin()).toType(compute, false); // [B, nKV, T, D]
        if (ctx.kvCache() != null) {
            NDList kv = ctx.kvCache().append(layer, k, v);
            k = kv.get(0); // [B, nKV, S, D], S = past + T
            v = kv.get(1);
        }
        long s = k.getShape().get(2);
        long group = heads / kvHeads;

        // Query heads h = g·G + j share key head g: stack each group's queries along time.
        NDArray scores = q.reshape(b, kvHeads, group * t, d).matMul(k.transpose(0, 1, 3, 2))
                .mul(Scalars.of(q, (float) config.attentionScale()))
                .reshape(b, heads, t, s)
                .toType(DataType.FLOAT32, false); // soft-cap, mask and softmax in float32
        if (config.attnLogitSoftcap() > 0) {
            float cap = (float) config.attnLogitSoftcap();
            scores = Scalars.mul(Scalars.div(scores, cap).tanh(), cap);
        }
        NDArray probs = scores.add(ctx.additiveMask(config.isSliding(layer))).softmax(-1).toType(compute, false);
        NDArray out = probs.reshape(b, kvHeads, group * t, s).matMul(v) // [B, nKV, G·T, D]
                .reshape(b, heads, t, d)
                .transpose(0, 2, 1, 3)
                .reshape(b, t, (long) heads * d);
        return child("o_proj").forward(ps, new NDList(out), training, params);
    }

    /** Projects {@code [B, T, H]} to {@code [B, heads, T, D]}, normalizing each head when asked. */
    private NDArray heads(ParameterStore ps, String proj, String norm, NDArray x, int count, boolean training,
            PairList<String, Object> params) {
        NDArray y = child(proj).forward(ps, new NDList(x), training, params).head();
        y = y.reshape(x.getShape().get(0), x.getShape().get(1), count, config.headDim());
        if (norm != null) {
            y = child(norm).forward(ps, new NDList(y), training, params).head();
        }
        return y.transpose(0, 2, 1, 3);
    }

    /** {@inheritDoc} */
    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape hidden = new Shape(config.hiddenSize());
        child("q_proj").initialize(manager, dataType, hidden);
        child("k_proj").initialize(manager, dataType, hidden);
        child("v_proj").initialize(manager, dataType, hidden);
        child("o_proj").initialize(manager, dataType, new Shape((long) config.numHeads() * config.headDim()));
        if (config.qkNorm()) {
            child("q_norm").initialize(manager, dataType, new Shape(config.headDim()));
            child("k_norm").initialize(manager, dataType, new Shape(config.headDim()));
        }
    }

    /** {@inheritDoc} */
    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return inputShapes;
    }
}
