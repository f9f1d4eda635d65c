package org.badit.core.model;

import org.badit.core.testing.TinyModels;
import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Block;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.badit.core.generate.Generator;
import org.badit.lora.nn.BlockTree;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the decoder on small random models: padding, KV cache, sliding windows, adapters, training. */
class DecoderLMTest {

    private static final float TOLERANCE = 2e-5f;
    private static NDManager manager;

    @TempDir
    Path tmp;

    @BeforeAll
    static void engine() {
        manager = TestEngine.singleThreadManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static ModelConfig gemma(int window) {
        return TinyModels.parse("""
                {"model_type": "gemma2", "vocab_size": 53, "hidden_size": 32, "intermediate_size": 48,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 1, "head_dim": 8,
                 "query_pre_attn_scalar": 8, "sliding_window": %d}""".formatted(window));
    }

    static ModelConfig qwen3() {
        return TinyModels.parse("""
                {"model_type": "qwen3", "vocab_size": 53, "hidden_size": 32, "intermediate_size": 48,
                 "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "head_dim": 16}""");
    }

    @Test
    void paddingOnEitherSideLeavesRealPositionsUnchanged() {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.randomInit(TinyModels.llama(), 3, m);
            ParameterStore ps = new ParameterStore(m, false);
            int[] a = {1, 7, 8, 9, 10};
            int[] b = {1, 20, 21};
            float[] alone = lm.logits(ps, m.create(b, new Shape(1, 3)), null, false, null).toFloatArray();
            int v = lm.config().vocabSize();
            // left padding
            NDArray ids = m.create(new int[] {1, 7, 8, 9, 10, 0, 0, 1, 20, 21}, new Shape(2, 5));
            NDArray mask = m.create(new int[] {1, 1, 1, 1, 1, 0, 0, 1, 1, 1}, new Shape(2, 5));
            float[] left = lm.logits(ps, ids, mask, false, null).get("1, 2:, :").toFloatArray();
            assertClose(alone, left);
            // right padding
            ids = m.create(new int[] {1, 7, 8, 9, 10, 1, 20, 21, 0, 0}, new Shape(2, 5));
            mask = m.create(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 0, 0}, new Shape(2, 5));
            float[] right = lm.logits(ps, ids, mask, false, null).get("1, :3, :").toFloatArray();
            assertClose(alone, right);
            assertEquals(3 * v, alone.length);
            float[] first = lm.logits(ps, m.create(a, new Shape(1, 5)), null, false, null).toFloatArray();
            assertClose(first, lm.logits(ps, ids, mask, false, null).get("0").toFloatArray());
        }
    }

    @Test
    void kvCacheStepsEqualTheFullForward() {
        for (ModelConfig config : List.of(gemma(3), qwen3(), TinyModels.llama())) {
            try (NDManager m = manager.newSubManager()) {
                DecoderLM lm = DecoderLM.randomInit(config, 11, m);
                ParameterStore ps = new ParameterStore(m, false);
                int[] tokens = {1, 5, 6, 7, 30, 31, 40, 41};
                float[] full = lm.logits(ps, m.create(tokens, new Shape(1, 8)), null, false, null).toFloatArray();
                int v = config.vocabSize();
                try (KvCache cache = KvCache.create(m, config, 1, 8)) {
                    ForwardInputs params = ForwardInputs.NONE.withKvCache(cache);
                    List<Float> stepwise = new ArrayList<>();
                    int[] chunks = {4, 1, 2, 1}; // prefill, then steps of 1 and 2 tokens
                    int at = 0;
                    for (int n : chunks) {
                        int[] part = java.util.Arrays.copyOfRange(tokens, at, at + n);
                        at += n;
                        NDArray mask = m.ones(new Shape(1, at), DataType.INT64);
                        for (float f : lm.logits(ps, m.create(part, new Shape(1, n)), mask, false, params)
                                .toFloatArray()) {
                            stepwise.add(f);
                        }
                    }
                    float[] got = new float[stepwise.size()];
                    for (int i = 0; i < got.length; i++) {
                        got[i] = stepwise.get(i);
                    }
                    assertEquals(8 * v, got.length);
                    assertClose(full, got);
                }
            }
        }
    }

    @Test
    void slidingWindowOnlyMattersBeyondTheWindow() {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM llama = DecoderLM.randomInit(TinyModels.llama(), 5, m);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray ids = m.create(new int[] {1, 2, 3, 4, 5, 6, 7}, new Shape(1, 7));
            float[] reference = llama.logits(ps, ids, null, false, null).toFloatArray();
            Path dir = tmp.resolve("m");
            llama.save(dir);
            int v = llama.config().vocabSize();
            for (int window : new int[] {100, 3}) {
                String json = llama.config().toJson().replace("\"llama\"", "\"mistral\"")
                        .replace("\"tie_word_embeddings\"", "\"sliding_window\": " + window + ", \"tie_word_embeddings\"");
                try {
                    java.nio.file.Files.writeString(dir.resolve("config.json"), json);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                DecoderLM mistral = DecoderLM.load(dir, m);
                float[] got = mistral.logits(ps, ids, null, false, null).toFloatArray();
                if (window == 100) {
                    assertClose(reference, got);
                } else {
                    // Positions 0..2 see at most 3 keys either way; position 6 does not.
                    assertClose(java.util.Arrays.copyOf(reference, 3 * v), java.util.Arrays.copyOf(got, 3 * v));
                    assertTrue(Math.abs(reference[6 * v] - got[6 * v]) > 1e-6);
                }
            }
        }
    }

    @Test
    void modulePathsAreHuggingFacesAndAdaptersSeeTheContext() {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.randomInit(qwen3(), 2, m);
            assertTrue(BlockTree.modules(lm).keySet().containsAll(List.of("model.embed_tokens",
                    "model.layers.1.self_attn.q_proj", "model.layers.1.self_attn.k_norm", "model.layers.0.mlp.gate_proj",
                    "model.norm")));
            assertTrue(lm.namedParameters().containsKey("model.layers.1.post_attention_layernorm.weight"));
            ParameterStore ps = new ParameterStore(m, false);
            NDArray ids = m.create(new int[] {1, 2, 3, 0, 4, 5}, new Shape(2, 3));
            NDArray mask = m.create(new int[] {1, 1, 1, 0, 1, 1}, new Shape(2, 3));
            float[] before = lm.logits(ps, ids, mask, false, null).toFloatArray();

            Block original = BlockTree.find(lm, "model.layers.1.self_attn.q_proj");
            Spy spy = new Spy(original);
            BlockTree.replace(lm, "model.layers.1.self_attn.q_proj", spy);
            NDArray tasks = m.create(new long[] {7, 3});
            ForwardInputs params = ForwardInputs.NONE.withTaskIds(tasks);
            assertArrayEquals(before, lm.logits(ps, ids, mask, false, params).toFloatArray());
            assertEquals(1, spy.calls);
            assertEquals(tasks, spy.taskIds);
            assertArrayEquals(new float[] {1, 1, 1, 0, 1, 1}, spy.promptMask);
            assertArrayEquals(new long[] {0, 1, 2, 0, 0, 1}, spy.positions);
        }
    }

    @Test
    void gradientsFlowToTrainableParametersOnly() {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.randomInit(gemma(4), 9, m);
            lm.setTrainable(true);
            lm.namedParameters().get("model.layers.0.mlp.up_proj.weight").freeze(true);
            ParameterStore ps = new ParameterStore(m, false);
            NDArray ids = m.create(new int[] {1, 2, 3, 4, 5, 6}, new Shape(1, 6));
            try (GradientCollector gc = m.getEngine().newGradientCollector()) {
                NDArray logits = lm.logits(ps, ids, null, true, null);
                NDArray loss = logits.logSoftmax(-1).get(":, :, 7").mean().neg();
                gc.backward(loss);
            }
            NDArray qGrad = lm.namedParameters().get("model.layers.1.self_attn.q_proj.weight").getArray().getGradient();
            NDArray embedGrad = lm.namedParameters().get("model.embed_tokens.weight").getArray().getGradient();
            assertTrue(qGrad.abs().sum().getFloat() > 0);
            assertTrue(embedGrad.abs().sum().getFloat() > 0);
            assertTrue(!lm.namedParameters().get("model.layers.0.mlp.up_proj.weight").getArray().hasGradient());
            lm.freezeAll();
            assertTrue(lm.namedParameters().values().stream().noneMatch(p -> p.requiresGradient()));
        }
    }

    @Test
    void longGenerationKeepsNativeMemoryFlat() {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.randomInit(TinyModels.llama(), 4, m);
            Generator gen = Generator.builder().setModel(lm).optMaxNewTokens(150).optIgnoreEos(true).build();
            gen.generate(List.of(new int[] {1, 2, 3}, new int[] {4}));
            int before = m.getManagedArrays().size();
            gen.generate(List.of(new int[] {1, 2, 3}, new int[] {4}));
            assertEquals(before, m.getManagedArrays().size());
        }
    }

    @Test
    void samplingIsSeededAndATinyNucleusIsGreedy() {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.randomInit(TinyModels.llama(), 4, m);
            int[] prompt = {1, 2, 3};
            Generator.Builder b = Generator.builder().setModel(lm).optMaxNewTokens(20).optIgnoreEos(true);
            int[] greedy = b.build().generate(prompt);
            int[] s1 = b.optTemperature(5.0).optSeed(42).build().generate(prompt);
            int[] s2 = b.optTemperature(5.0).optSeed(42).build().generate(prompt);
            int[] s3 = b.optTemperature(5.0).optSeed(43).build().generate(prompt);
            assertArrayEquals(s1, s2);
            assertNotEquals(java.util.Arrays.toString(s1), java.util.Arrays.toString(s3));
            assertArrayEquals(greedy, b.optTemperature(1.0).optTopP(1e-6).build().generate(prompt));
        }
    }

    @Test
    void generationStopsAtEos() {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.randomInit(TinyModels.llama(), 4, m);
            int[] free = Generator.builder().setModel(lm).optMaxNewTokens(10).optIgnoreEos(true).build()
                    .generate(new int[] {1, 2});
            int stop = free[3];
            int[] stopped = Generator.builder().setModel(lm).optMaxNewTokens(10).optEosTokenIds(List.of(stop)).build()
                    .generate(new int[] {1, 2});
            int first = 0;
            while (free[first] != stop) {
                first++;
            }
            assertArrayEquals(java.util.Arrays.copyOf(free, first + 1), stopped);
        }
    }

    private static void assertClose(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
            if (Math.abs(expected[i] - actual[i]) > TOLERANCE) {
                throw new AssertionError("index " + i + ": expected " + expected[i] + " got " + actual[i]);
            }
        }
    }

    /** An adapter stand-in: runs the original block and records what the forward context offers. */
    static final class Spy extends AbstractBlock {
        private final Block inner;
        int calls;
        Object taskIds;
        float[] promptMask;
        long[] positions;

        Spy(Block inner) {
            this.inner = inner;
        }

        @Override
        protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                PairList<String, Object> params) {
            calls++;
            ForwardContext ctx = ForwardContext.of(params);
            taskIds = ctx.taskIds();
            promptMask = ctx.promptMask().toFloatArray();
            positions = ctx.positions().toLongArray();
            return inner.forward(ps, inputs, training, params);
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return inner.getOutputShapes(inputShapes);
        }

        @Override
        public boolean isInitialized() {
            return inner.isInitialized();
        }
    }
}
