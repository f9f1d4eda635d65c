package org.badit.core.model;

import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.Map;

/** The shape of every tensor a configuration implies, by Hugging Face name, to check checkpoints before loading. */
final class ExpectedShapes {

    private ExpectedShapes() {}

    static Map<String, Shape> of(ModelConfig c) {
        Map<String, Shape> m = new LinkedHashMap<>();
        long h = c.hiddenSize();
        long q = (long) c.numHeads() * c.headDim();
        long kv = (long) c.numKvHeads() * c.headDim();
        m.put("model.embed_tokens.weight", new Shape(c.vocabSize(), h));
        for (int i = 0; i < c.numLayers(); i++) {
            String p = "model.layers." + i + ".";
            m.put(p + "self_attn.q_proj.weight", new Shape(q, h));
            m.put(p + "self_attn.k_proj.weight", new Shape(kv, h));
            m.put(p + "self_attn.v_proj.weight", new Shape(kv, h));
            m.put(p + "self_attn.o_proj.weight", new Shape(h, q));
            m.put(p + "self_attn.q_proj.bias", new Shape(q));
            m.put(p + "self_attn.k_proj.bias", new Shape(kv));
            m.put(p + "self_attn.v_proj.bias", new Shape(kv));
            m.put(p + "self_attn.o_proj.bias", new Shape(h));
            m.put(p + "self_attn.q_norm.weight", new Shape(c.headDim()));
            m.put(p + "self_attn.k_norm.weight", new Shape(c.headDim()));
            m.put(p + "mlp.gate_proj.weight", new Shape(c.intermediateSize(), h));
            m.put(p + "mlp.up_proj.weight", new Shape(c.intermediateSize(), h));
            m.put(p + "mlp.down_proj.weight", new Shape(h, c.intermediateSize()));
            m.put(p + "mlp.gate_proj.bias", new Shape(c.intermediateSize()));
            m.put(p + "mlp.up_proj.bias", new Shape(c.intermediateSize()));
            m.put(p + "mlp.down_proj.bias", new Shape(h));
            for (String norm : new String[] {"input_layernorm", "post_attention_layernorm",
                "pre_feedforward_layernorm", "post_feedforward_layernorm"}) {
                m.put(p + norm + ".weight", new Shape(h));
            }
        }
        m.put("model.norm.weight", new Shape(h));
        m.put("lm_head.weight", new Shape(c.vocabSize(), h));
        return m;
    }
}
