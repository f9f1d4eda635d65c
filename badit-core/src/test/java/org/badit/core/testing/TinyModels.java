package org.badit.core.testing;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.badit.core.model.ModelConfig;

/** Tiny configurations of each family for fast tests. */
public final class TinyModels {

    private TinyModels() {}

    /** The path parse errors name (there is no such file). */
    public static final Path SOURCE = Paths.get("tiny/config.json");

    /**
     * Returns a tiny Llama configuration.
     *
     * @return the config
     */
    public static ModelConfig llama() {
        return parse("""
                {"model_type": "llama", "vocab_size": 61, "hidden_size": 32, "intermediate_size": 64,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "rms_norm_eps": 1e-5, "eos_token_id": 2, "bos_token_id": 1}""");
    }

    /**
     * Parses a config.json text as if read from {@link #SOURCE}.
     *
     * @param json the text
     * @return the config
     */
    public static ModelConfig parse(String json) {
        return ModelConfig.parse(SOURCE, json);
    }
}
