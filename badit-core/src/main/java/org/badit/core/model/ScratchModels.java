package org.badit.core.model;

import java.nio.file.Paths;

/** Configurations of small Llama-family models trained from scratch (tests, the demo, benchmarks). */
public final class ScratchModels {

    private ScratchModels() {}

    /**
     * A Llama configuration with GQA, SiLU MLP and untied output head.
     *
     * @param vocab the vocabulary size
     * @param hidden the hidden width
     * @param intermediate the MLP width
     * @param layers the number of decoder layers
     * @param heads the number of attention heads
     * @param kvHeads the number of key/value heads
     * @param bos the BOS id
     * @param eos the EOS id
     * @return the configuration
     */
    public static ModelConfig llama(int vocab, int hidden, int intermediate, int layers, int heads, int kvHeads,
            int bos, int eos) {
        String json = String.format(java.util.Locale.ROOT,
                "{\"model_type\": \"llama\", \"vocab_size\": %d, \"hidden_size\": %d, \"intermediate_size\": %d,"
                        + " \"num_hidden_layers\": %d, \"num_attention_heads\": %d, \"num_key_value_heads\": %d,"
                        + " \"rms_norm_eps\": 1e-5, \"rope_theta\": 10000.0, \"max_position_embeddings\": 2048,"
                        + " \"tie_word_embeddings\": false, \"bos_token_id\": %d, \"eos_token_id\": %d}",
                vocab, hidden, intermediate, layers, heads, kvHeads, bos, eos);
        return ModelConfig.parse(Paths.get("scratch/config.json"), json);
    }
}
