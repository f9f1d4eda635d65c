package org.badit.core.model;

import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.io.IOException;
import java.util.List;
import org.badit.core.generate.Generator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The five oracle checkpoints of {@code ../shared/oracle/} (an independent reference of each architecture): logits at
 * every position within tolerance, and the greedy continuation (EOS ignored) identical with full recomputation, with
 * the KV cache, and in one left-padded batch of both prompts.
 */
class OracleTest {

    private static NDManager manager;

    @BeforeAll
    static void engine() {
        manager = TestEngine.singleThreadManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    static List<OracleCase> cases() throws IOException {
        List<OracleCase> all = OracleCase.all();
        assumeTrue(!all.isEmpty(), "skipped: ../shared/oracle not found (system property badit.shared.dir)");
        return all;
    }

    /** Reports the skip visibly (a parameterized test without arguments counts as zero tests). */
    @Test
    void oracleCheckpointsArePresent() {
        assumeTrue(OracleCase.root() != null, "skipped: ../shared/oracle not found (system property badit.shared.dir)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void logitsMatchAtEveryPosition(OracleCase oracle) {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.load(oracle.dir(), m);
            ParameterStore ps = new ParameterStore(m, false);
            for (OracleCase.Prompt p : oracle.prompts()) {
                NDArray ids = m.create(p.inputIds(), new Shape(1, p.inputIds().length));
                float[] got = lm.logits(ps, ids, null, false, null).toFloatArray();
                int vocab = lm.config().vocabSize();
                assertEquals(p.logits().length * vocab, got.length);
                double worst = 0;
                for (int t = 0; t < p.logits().length; t++) {
                    for (int v = 0; v < vocab; v++) {
                        worst = Math.max(worst, Math.abs(got[t * vocab + v] - p.logits()[t][v]));
                    }
                }
                assertTrue(worst <= oracle.tolerance(), oracle + ": max |Δlogit| " + worst + " > "
                        + oracle.tolerance());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void halfPrecisionWeightsStayClose(OracleCase oracle) {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.load(oracle.dir(), m, DataType.FLOAT16);
            OracleCase.Prompt p = oracle.prompts().get(1);
            NDArray ids = m.create(p.inputIds(), new Shape(1, p.inputIds().length));
            NDArray logits = lm.logits(new ParameterStore(m, false), ids, null, false, null);
            assertEquals(DataType.FLOAT32, logits.getDataType());
            float[] got = logits.toFloatArray();
            int vocab = lm.config().vocabSize();
            double worst = 0;
            for (int t = 0; t < p.logits().length; t++) {
                for (int v = 0; v < vocab; v++) {
                    worst = Math.max(worst, Math.abs(got[t * vocab + v] - p.logits()[t][v]));
                }
            }
            assertTrue(worst < 0.1, oracle + ": float16 max |Δlogit| " + worst);
        }
        if (!manager.getDevice().isGpu()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> DecoderLM.load(oracle.dir(), manager, DataType.BFLOAT16));
            assertTrue(e.getMessage().contains("need a GPU"), e.getMessage());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void greedyContinuationsMatch(OracleCase oracle) {
        try (NDManager m = manager.newSubManager()) {
            DecoderLM lm = DecoderLM.load(oracle.dir(), m);
            for (boolean cache : new boolean[] {false, true}) {
                Generator gen = Generator.builder().setModel(lm).optMaxNewTokens(8).optIgnoreEos(true)
                        .optKvCache(cache).build();
                for (OracleCase.Prompt p : oracle.prompts()) {
                    assertArrayEquals(p.greedy(), gen.generate(p.inputIds()),
                            oracle + (cache ? " with KV cache" : " recomputing"));
                }
            }
            Generator batched = Generator.builder().setModel(lm).optMaxNewTokens(8).optIgnoreEos(true).build();
            List<int[]> both = batched.generate(oracle.prompts().stream().map(OracleCase.Prompt::inputIds).toList());
            for (int i = 0; i < both.size(); i++) {
                assertArrayEquals(oracle.prompts().get(i).greedy(), both.get(i), oracle + " left-padded batch #" + i);
            }
        }
    }
}
