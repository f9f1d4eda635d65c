package org.badit.core.model;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The architecture of a decoder-only model, parsed from a Hugging Face {@code config.json}.
 *
 * <p>Every family difference is a field here, so the blocks never test the family: Qwen2's q/k/v biases are
 * {@code qkvBias}, Qwen3's per-head norms {@code qkNorm}, Gemma 2's quirks {@code gemmaStyle} (scaled embeddings,
 * (1 + w) norms, sandwich norms) plus its soft-caps and scalar. Missing optional keys take the default of the family's
 * Hugging Face config class.
 *
 * @param family the architecture family ({@code model_type})
 * @param vocabSize the vocabulary size V
 * @param hiddenSize the residual width H
 * @param intermediateSize the MLP width I
 * @param numLayers the number of decoder layers
 * @param numHeads the number of query heads
 * @param numKvHeads the number of key/value heads (divides {@code numHeads}; 1 is MQA)
 * @param headDim the width D of one head (need not equal H / heads)
 * @param ropeTheta the RoPE base
 * @param ropeScaling the RoPE scaling, or null
 * @param maxPositionEmbeddings the pre-trained context length (used by dynamic RoPE scaling)
 * @param rmsNormEps the epsilon of every RMSNorm
 * @param hiddenAct the MLP activation ({@code silu}, {@code gelu_pytorch_tanh}, {@code gelu}, {@code relu})
 * @param tieWordEmbeddings whether the output head reuses the embedding matrix
 * @param qkvBias whether q_proj, k_proj and v_proj have biases
 * @param outputBias whether o_proj has a bias
 * @param mlpBias whether the MLP projections have biases
 * @param qkNorm whether queries and keys are RMS-normalized per head before RoPE (Qwen3)
 * @param gemmaStyle Gemma 2 layout: embeddings scaled by sqrt(H), norms multiply by (1 + w), sandwich norms
 * @param slidingWindow the attention window of sliding layers (0 when none)
 * @param slidingLayers for each layer, whether it attends within the sliding window only
 * @param queryPreAttnScalar attention scores are scaled by 1/sqrt(this) (Gemma 2), 0 for 1/sqrt(headDim)
 * @param attnLogitSoftcap cap c of scores, c·tanh(s/c), 0 for none
 * @param finalLogitSoftcap cap of the output logits, 0 for none
 * @param bosTokenId the beginning-of-sequence id, or null
 * @param eosTokenIds the end-of-sequence ids (possibly several, as in Llama 3)
 * @param padTokenId the padding id, or null
 */
public record ModelConfig(
        ModelFamily family,
        int vocabSize,
        int hiddenSize,
        int intermediateSize,
        int numLayers,
        int numHeads,
        int numKvHeads,
        int headDim,
        double ropeTheta,
        RopeScaling ropeScaling,
        int maxPositionEmbeddings,
        double rmsNormEps,
        String hiddenAct,
        boolean tieWordEmbeddings,
        boolean qkvBias,
        boolean outputBias,
        boolean mlpBias,
        boolean qkNorm,
        boolean gemmaStyle,
        int slidingWindow,
        List<Boolean> slidingLayers,
        double queryPreAttnScalar,
        double attnLogitSoftcap,
        double finalLogitSoftcap,
        Integer bosTokenId,
        List<Integer> eosTokenIds,
        Integer padTokenId) {

    /** The file name of a Hugging Face model configuration. */
    public static final String FILE_NAME = "config.json";

    /** More decoder layers than any model has (the largest have a few hundred); the per-layer lists are sized by it. */
    static final int MAX_LAYERS = 1 << 16;

    private static final Set<String> ACTIVATIONS = Set.of("silu", "swish", "gelu", "gelu_pytorch_tanh", "gelu_new",
            "relu");

    /** Validates the cross-field invariants. */
    public ModelConfig {
        if (numHeads % numKvHeads != 0) {
            throw new IllegalArgumentException("num_attention_heads (" + numHeads
                    + ") must be a multiple of num_key_value_heads (" + numKvHeads + ")");
        }
        if (headDim % 2 != 0) {
            throw new IllegalArgumentException("head_dim must be even for RoPE, got " + headDim);
        }
        if (slidingLayers.size() != numLayers) {
            throw new IllegalArgumentException("slidingLayers has " + slidingLayers.size() + " entries for "
                    + numLayers + " layers");
        }
        slidingLayers = List.copyOf(slidingLayers);
        eosTokenIds = List.copyOf(eosTokenIds);
    }

    /**
     * Reads a {@code config.json} file (or the one in a model directory).
     *
     * @param path the file or its directory
     * @return the configuration
     * @throws ModelFormatException naming the file and key when the file is missing, not JSON, lacks a required key,
     *     has a value of the wrong type or names an unsupported {@code model_type}
     */
    public static ModelConfig read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve(FILE_NAME) : path;
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file, "no such file; a Hugging Face model directory needs "
                    + FILE_NAME);
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        return parse(file, text);
    }

    /**
     * Parses the text of a {@code config.json}.
     *
     * @param file where the text came from, for messages
     * @param text the JSON text
     * @return the configuration
     * @throws ModelFormatException naming the file and key when the text is not a valid configuration
     */
    public static ModelConfig parse(Path file, String text) {
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new ModelFormatException(file, "not valid JSON: " + e.getMessage(), e);
        }
        if (!root.isJsonObject()) {
            throw new ModelFormatException(file, "must hold a JSON object");
        }
        ConfigReader c = new ConfigReader(file, root.getAsJsonObject());
        ModelFamily family;
        try {
            family = ModelFamily.of(c.requireString("model_type"));
        } catch (IllegalArgumentException e) {
            throw c.error("model_type", e.getMessage());
        }
        int vocab = c.requirePositiveInt("vocab_size");
        int hidden = c.requirePositiveInt("hidden_size");
        int intermediate = c.requirePositiveInt("intermediate_size");
        int layers = c.requirePositiveInt("num_hidden_layers");
        if (layers > MAX_LAYERS) {
            // The per-layer lists are built here, sized by this number: refuse it before allocating.
            throw c.error("num_hidden_layers", "must be at most " + MAX_LAYERS + ", got " + layers);
        }
        int heads = c.requirePositiveInt("num_attention_heads");
        int kvHeads = c.optPositiveInt("num_key_value_heads", heads);
        int defaultHeadDim = switch (family) {
            case QWEN3 -> 128;
            case GEMMA2 -> 256;
            default -> hidden / heads;
        };
        int headDim = c.optPositiveInt("head_dim", defaultHeadDim);
        boolean gemma = family == ModelFamily.GEMMA2;
        String act = gemma ? c.optString("hidden_activation", c.optString("hidden_act", "gelu_pytorch_tanh"))
                : c.optString("hidden_act", "silu");
        if (!ACTIVATIONS.contains(act)) {
            throw c.error(gemma && c.has("hidden_activation") ? "hidden_activation" : "hidden_act",
                    "unsupported activation '" + act + "'; supported: " + ACTIVATIONS);
        }
        boolean attentionBias = c.optBoolean("attention_bias", false);
        boolean qkvBias = family == ModelFamily.QWEN2 || attentionBias;
        boolean outputBias = family != ModelFamily.QWEN2 && attentionBias;
        boolean mlpBias = family == ModelFamily.LLAMA && c.optBoolean("mlp_bias", false);

        Integer window = c.optInteger("sliding_window");
        List<Boolean> sliding = slidingLayers(c, family, layers, window);
        int slidingWindow = sliding.contains(Boolean.TRUE) ? (window == null ? 4096 : window) : 0;
        if (sliding.contains(Boolean.TRUE) && slidingWindow <= 0) {
            throw c.error("sliding_window", "must be positive for sliding layers, got " + window);
        }
        double theta = c.optDouble("rope_theta", 10000.0);
        int maxPositions = c.optPositiveInt("max_position_embeddings", 2048);
        RopeScaling scaling = ropeScaling(c, maxPositions);
        try {
            return new ModelConfig(family, vocab, hidden, intermediate, layers, heads, kvHeads, headDim, theta,
                    scaling, maxPositions, c.optDouble("rms_norm_eps", 1e-6), act,
                    c.optBoolean("tie_word_embeddings", gemma), qkvBias, outputBias, mlpBias,
                    family == ModelFamily.QWEN3, gemma, slidingWindow, sliding,
                    gemma ? c.optDouble("query_pre_attn_scalar", 256) : 0,
                    gemma ? c.optDouble("attn_logit_softcapping", 50.0) : 0,
                    gemma ? c.optDouble("final_logit_softcapping", 30.0) : 0,
                    c.optInteger("bos_token_id"), c.optIntList("eos_token_id"), c.optInteger("pad_token_id"));
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(file, e.getMessage(), e);
        }
    }

    private static List<Boolean> slidingLayers(ConfigReader c, ModelFamily family, int layers, Integer window) {
        List<String> types = c.optStringList("layer_types");
        List<Boolean> out = new ArrayList<>();
        if (types != null) {
            if (types.size() != layers) {
                throw c.error("layer_types", "has " + types.size() + " entries for " + layers + " layers");
            }
            for (String t : types) {
                if (!t.equals("sliding_attention") && !t.equals("full_attention")) {
                    throw c.error("layer_types", "unknown layer type '" + t
                            + "'; supported: sliding_attention, full_attention");
                }
                out.add(t.equals("sliding_attention"));
            }
            return out;
        }
        boolean qwenSliding = c.optBoolean("use_sliding_window", false);
        int maxWindowLayers = (family == ModelFamily.QWEN2 || family == ModelFamily.QWEN3)
                ? c.optPositiveInt("max_window_layers", 28) : 0;
        for (int i = 0; i < layers; i++) {
            out.add(switch (family) {
                case LLAMA -> false;
                case MISTRAL -> window != null;
                case QWEN2, QWEN3 -> qwenSliding && window != null && i >= maxWindowLayers;
                // Gemma 2 alternates, starting with a sliding layer.
                case GEMMA2 -> i % 2 == 0;
            });
        }
        return out;
    }

    private static RopeScaling ropeScaling(ConfigReader c, int maxPositions) {
        ConfigReader r = c.nested("rope_scaling");
        if (r == null) {
            return null;
        }
        String type = r.has("rope_type") ? r.requireString("rope_type") : r.optString("type", "default");
        if (type.equals("default")) {
            return null;
        }
        if (!type.equals("linear") && !type.equals("dynamic") && !type.equals("llama3")) {
            throw r.error("rope_type", "unsupported RoPE scaling '" + type + "'; supported: " + RopeScaling.SUPPORTED);
        }
        double factor = r.optDouble("factor", Double.NaN);
        if (!(factor >= 1.0)) {
            throw r.error("factor", Double.isNaN(factor) ? "missing required key" : "must be >= 1, got " + factor);
        }
        if (type.equals("llama3")) {
            for (String key : new String[] {"low_freq_factor", "high_freq_factor", "original_max_position_embeddings"}) {
                if (!r.has(key)) {
                    throw r.missing(key);
                }
            }
            double low = r.optDouble("low_freq_factor", 1);
            double high = r.optDouble("high_freq_factor", 4);
            if (!(high > low)) {
                throw r.error("high_freq_factor", "must exceed low_freq_factor");
            }
            return new RopeScaling(type, factor, low, high, r.requirePositiveInt("original_max_position_embeddings"));
        }
        return new RopeScaling(type, factor, 0, 0, r.optPositiveInt("original_max_position_embeddings", maxPositions));
    }

    /**
     * Whether a layer attends within the sliding window only.
     *
     * @param layer the layer index
     * @return true for a sliding-window layer
     */
    public boolean isSliding(int layer) {
        return slidingLayers.get(layer);
    }

    /**
     * Returns the factor applied to q·k scores.
     *
     * @return 1/sqrt(query_pre_attn_scalar) for Gemma 2, else 1/sqrt(head_dim)
     */
    public double attentionScale() {
        return 1.0 / Math.sqrt(queryPreAttnScalar > 0 ? queryPreAttnScalar : headDim);
    }

    /**
     * Counts the parameters of a model with this configuration.
     *
     * @return the number of weights (tied embeddings counted once)
     */
    public long parameterCount() {
        long h = hiddenSize;
        long q = (long) numHeads * headDim;
        long kv = (long) numKvHeads * headDim;
        long attn = h * q + 2 * h * kv + q * h + (qkvBias ? q + 2 * kv : 0) + (outputBias ? h : 0)
                + (qkNorm ? 2L * headDim : 0);
        long mlp = 3 * h * intermediateSize + (mlpBias ? 2L * intermediateSize + h : 0);
        long norms = (gemmaStyle ? 4 : 2) * h;
        long embed = (long) vocabSize * h;
        return numLayers * (attn + mlp + norms) + embed + h + (tieWordEmbeddings ? 0 : embed);
    }

    /**
     * Writes the configuration as a Hugging Face {@code config.json} that transformers and this class both read back
     * to the same architecture.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architectures", List.of(switch (family) {
            case LLAMA -> "LlamaForCausalLM";
            case MISTRAL -> "MistralForCausalLM";
            case QWEN2 -> "Qwen2ForCausalLM";
            case QWEN3 -> "Qwen3ForCausalLM";
            case GEMMA2 -> "Gemma2ForCausalLM";
        }));
        m.put("model_type", family.modelType());
        m.put("torch_dtype", "float32");
        m.put("vocab_size", vocabSize);
        m.put("hidden_size", hiddenSize);
        m.put("intermediate_size", intermediateSize);
        m.put("num_hidden_layers", numLayers);
        m.put("num_attention_heads", numHeads);
        m.put("num_key_value_heads", numKvHeads);
        m.put("head_dim", headDim);
        m.put("hidden_act", hiddenAct);
        if (gemmaStyle) {
            m.put("hidden_activation", hiddenAct);
            m.put("query_pre_attn_scalar", queryPreAttnScalar);
            m.put("attn_logit_softcapping", attnLogitSoftcap > 0 ? attnLogitSoftcap : null);
            m.put("final_logit_softcapping", finalLogitSoftcap > 0 ? finalLogitSoftcap : null);
        }
        m.put("max_position_embeddings", maxPositionEmbeddings);
        m.put("rope_theta", ropeTheta);
        if (ropeScaling != null) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("rope_type", ropeScaling.type());
            r.put("factor", ropeScaling.factor());
            if (ropeScaling.type().equals("llama3")) {
                r.put("low_freq_factor", ropeScaling.lowFreqFactor());
                r.put("high_freq_factor", ropeScaling.highFreqFactor());
            }
            r.put("original_max_position_embeddings", ropeScaling.originalMaxPositions());
            m.put("rope_scaling", r);
        }
        m.put("rms_norm_eps", rmsNormEps);
        m.put("tie_word_embeddings", tieWordEmbeddings);
        if (family == ModelFamily.QWEN2) {
            if (outputBias) {
                throw new IllegalStateException("qwen2 has no o_proj bias");
            }
        } else {
            m.put("attention_bias", qkvBias);
        }
        if (family == ModelFamily.LLAMA) {
            m.put("mlp_bias", mlpBias);
        }
        if (slidingWindow > 0) {
            m.put("sliding_window", slidingWindow);
            if (family == ModelFamily.QWEN2 || family == ModelFamily.QWEN3) {
                m.put("use_sliding_window", true);
            }
            List<String> types = new ArrayList<>();
            slidingLayers.forEach(s -> types.add(s ? "sliding_attention" : "full_attention"));
            m.put("layer_types", types);
        }
        m.put("bos_token_id", bosTokenId);
        m.put("eos_token_id", eosTokenIds.size() == 1 ? eosTokenIds.get(0) : eosTokenIds);
        m.put("pad_token_id", padTokenId);
        JsonObject o = new GsonBuilder().serializeNulls().create().toJsonTree(m).getAsJsonObject();
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(o);
    }
}
