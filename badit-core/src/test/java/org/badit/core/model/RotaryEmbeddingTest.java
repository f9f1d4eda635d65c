package org.badit.core.model;

import org.badit.core.testing.TinyModels;
import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** RoPE scaling semantics (the llama3 type is checked end to end by the oracle). */
class RotaryEmbeddingTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.singleThreadManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static RotaryEmbedding rope(String scaling) {
        return new RotaryEmbedding(TinyModels.parse("""
                {"model_type": "llama", "vocab_size": 10, "hidden_size": 32, "intermediate_size": 16,
                 "num_hidden_layers": 1, "num_attention_heads": 2, "max_position_embeddings": 16 %s}"""
                .formatted(scaling)));
    }

    private static float[] cos(RotaryEmbedding rope, long[] positions, long seqLength) {
        return rope.cosSin(manager.create(positions, new Shape(1, positions.length)), seqLength).get(0)
                .toFloatArray();
    }

    @Test
    void linearScalingDividesPositions() {
        float[] scaled = cos(rope(", \"rope_scaling\": {\"type\": \"linear\", \"factor\": 2.0}"), new long[] {0, 6, 20},
                21);
        float[] plain = cos(rope(""), new long[] {0, 3, 10}, 21);
        assertArrayEquals(plain, scaled, 1e-6f);
    }

    @Test
    void dynamicScalingChangesOnlyBeyondThePretrainedLength() {
        RotaryEmbedding dynamic = rope(", \"rope_scaling\": {\"rope_type\": \"dynamic\", \"factor\": 4.0}");
        long[] positions = {0, 5, 15};
        assertArrayEquals(cos(rope(""), positions, 16), cos(dynamic, positions, 16), 0f);
        assertFalse(Arrays.equals(cos(rope(""), positions, 40), cos(dynamic, positions, 40)));
    }
}
