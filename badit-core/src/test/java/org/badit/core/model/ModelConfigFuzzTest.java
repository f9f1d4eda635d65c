package org.badit.core.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.badit.lora.testing.FuzzHarness;
import org.badit.lora.testing.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of {@link ModelConfig#read}: the only outcomes allowed are a configuration or a
 * {@link ModelFormatException} naming the file, within the time bound ({@link FuzzHarness}).
 */
class ModelConfigFuzzTest {

    @TempDir
    Path dir;

    static List<byte[]> seeds() {
        List<String> texts = new ArrayList<>();
        texts.add("""
                {"model_type": "llama", "vocab_size": 61, "hidden_size": 32, "intermediate_size": 64,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2,
                 "rms_norm_eps": 1e-5, "eos_token_id": [2, 3], "bos_token_id": 1, "pad_token_id": null,
                 "rope_scaling": {"rope_type": "llama3", "factor": 8.0, "low_freq_factor": 1.0,
                  "high_freq_factor": 4.0, "original_max_position_embeddings": 8192}}""");
        texts.add("""
                {"model_type": "qwen2", "vocab_size": 64, "hidden_size": 32, "intermediate_size": 48,
                 "num_hidden_layers": 4, "num_attention_heads": 4, "num_key_value_heads": 1, "hidden_act": "silu",
                 "use_sliding_window": true, "sliding_window": 16, "max_window_layers": 2, "rope_theta": 1000000.0,
                 "tie_word_embeddings": true, "max_position_embeddings": 128}""");
        texts.add("""
                {"model_type": "gemma2", "vocab_size": 64, "hidden_size": 32, "intermediate_size": 48,
                 "num_hidden_layers": 2, "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 16,
                 "hidden_activation": "gelu_pytorch_tanh", "query_pre_attn_scalar": 16, "sliding_window": 8,
                 "attn_logit_softcapping": 50.0, "final_logit_softcapping": 30.0,
                 "layer_types": ["sliding_attention", "full_attention"]}""");
        texts.add("""
                {"model_type": "mistral", "vocab_size": 64, "hidden_size": 32, "intermediate_size": 48,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "sliding_window": 4096,
                 "rope_scaling": {"type": "linear", "factor": 2.0}}""");
        texts.add(ScratchModels.llama(61, 32, 64, 2, 4, 2, 1, 2).toJson());
        List<byte[]> out = new ArrayList<>();
        for (String t : texts) {
            out.add(t.getBytes(StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void mutatedConfigsFailOnlyWithModelFormatException() {
        Path file = dir.resolve(ModelConfig.FILE_NAME);
        FuzzHarness.Summary s = FuzzHarness.run("model-config", Mutator.text(seeds()), input -> {
            Files.write(file, input);
            ModelConfig.read(file);
        }, ModelConfig.FILE_NAME, ModelFormatException.class);
        assertTrue(s.documented().getOrDefault("ModelFormatException", 0) > 0, s::toString);
    }

    /** Found by the fuzzer (seed 14, case 2166): 2^31 - 1 layers built a list of that many flags (a hang, then OOM). */
    @Test
    void hugeLayerCountIsRefusedBeforeThePerLayerLists() throws java.io.IOException {
        Path file = dir.resolve(ModelConfig.FILE_NAME);
        String text = new String(seeds().get(1), StandardCharsets.UTF_8).replace("\"num_hidden_layers\": 4",
                "\"num_hidden_layers\": 2147483647");
        Files.writeString(file, text);
        String message = assertTimeoutPreemptively(java.time.Duration.ofSeconds(2),
                () -> assertThrows(ModelFormatException.class, () -> ModelConfig.read(file)).getMessage());
        assertTrue(message.contains(ModelConfig.FILE_NAME) && message.contains("num_hidden_layers"), message);
    }
}
