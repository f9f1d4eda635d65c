package org.badit.core.model;

import org.badit.core.testing.TinyModels;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModelConfigTest {

    @Test
    void familiesTakeTheirHuggingFaceDefaults() {
        ModelConfig gemma = TinyModels.parse("""
                {"model_type": "gemma2", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 3, "num_attention_heads": 2, "head_dim": 4}""");
        assertTrue(gemma.tieWordEmbeddings());
        assertTrue(gemma.gemmaStyle());
        assertEquals(List.of(true, false, true), gemma.slidingLayers());
        assertEquals(4096, gemma.slidingWindow());
        assertEquals(50.0, gemma.attnLogitSoftcap());
        assertEquals(1 / Math.sqrt(256), gemma.attentionScale(), 1e-12);
        assertEquals("gelu_pytorch_tanh", gemma.hiddenAct());

        ModelConfig qwen2 = TinyModels.parse("""
                {"model_type": "qwen2", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 2, "num_attention_heads": 2, "sliding_window": 4, "use_sliding_window": false}""");
        assertTrue(qwen2.qkvBias());
        assertFalse(qwen2.outputBias());
        assertEquals(0, qwen2.slidingWindow());

        ModelConfig mistral = TinyModels.parse("""
                {"model_type": "mistral", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 2, "num_attention_heads": 2, "sliding_window": 4}""");
        assertEquals(List.of(true, true), mistral.slidingLayers());
        assertEquals(4, mistral.slidingWindow());

        ModelConfig qwen3 = TinyModels.parse("""
                {"model_type": "qwen3", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 1, "num_attention_heads": 2, "head_dim": 8, "eos_token_id": [5, 6]}""");
        assertTrue(qwen3.qkNorm());
        assertEquals(List.of(5, 6), qwen3.eosTokenIds());
    }

    @Test
    void oracleConfigsParseAndRoundTrip() throws IOException {
        for (OracleCase c : OracleCase.all()) {
            ModelConfig config = ModelConfig.read(c.dir());
            assertEquals(config, ModelConfig.parse(TinyModels.SOURCE, config.toJson()), c.name());
        }
        ModelConfig llama3 = TinyModels.parse("""
                {"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 1, "num_attention_heads": 2,
                 "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                                  "high_freq_factor": 4.0, "original_max_position_embeddings": 64}}""");
        assertEquals(llama3, ModelConfig.parse(TinyModels.SOURCE, llama3.toJson()));
    }

    @Test
    void missingKeyNamesFileAndKey() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TinyModels.parse("""
                {"model_type": "llama", "vocab_size": 10, "intermediate_size": 16,
                 "num_hidden_layers": 1, "num_attention_heads": 2}"""));
        assertTrue(e.getMessage().contains("tiny/config.json"), e.getMessage());
        assertTrue(e.getMessage().contains("'hidden_size'"), e.getMessage());
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void wrongTypesAndValuesAreClearErrors() {
        assertMessage("'num_hidden_layers': must be an integer", """
                {"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": "two", "num_attention_heads": 2}""");
        assertMessage("multiple of num_key_value_heads", """
                {"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 1, "num_attention_heads": 3, "num_key_value_heads": 2}""");
        assertMessage("'rope_scaling.rope_type': unsupported RoPE scaling 'yarn'", """
                {"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 1, "num_attention_heads": 2, "rope_scaling": {"rope_type": "yarn", "factor": 2}}""");
        assertMessage("'rope_scaling.original_max_position_embeddings': missing", """
                {"model_type": "llama", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 1, "num_attention_heads": 2,
                 "rope_scaling": {"rope_type": "llama3", "factor": 8, "low_freq_factor": 1, "high_freq_factor": 4}}""");
        assertMessage("not valid JSON", "{\"model_type\": ");
    }

    @Test
    void unknownModelTypeListsSupportedOnes() {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TinyModels.parse("""
                {"model_type": "gpt2", "vocab_size": 10, "hidden_size": 8, "intermediate_size": 16,
                 "num_hidden_layers": 1, "num_attention_heads": 2}"""));
        assertTrue(e.getMessage().contains("unsupported model_type 'gpt2'"), e.getMessage());
        assertTrue(e.getMessage().contains("llama, mistral, qwen2, qwen3, gemma2"), e.getMessage());
    }

    private static void assertMessage(String expected, String json) {
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> TinyModels.parse(json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("tiny/config.json"), e.getMessage());
    }
}
