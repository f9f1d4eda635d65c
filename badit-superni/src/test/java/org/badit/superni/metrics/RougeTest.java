package org.badit.superni.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** ROUGE-1 and LCS on hand-computed cases (the shared vectors cover ROUGE-L end to end). */
class RougeTest {

    private static final RougeTokenizer TOK = new DefaultRougeTokenizer(true);

    @Test
    void rouge1ClipsCounts() {
        // pred {the:2, cat:1}, target {the:1, cat:1, sat:1}: overlap 2, P = R = 2/3.
        assertEquals(2.0 / 3, Rouge.rouge1(List.of("the", "the", "cat"), List.of("the", "cat", "sat")), 1e-15);
        assertEquals(0.0, Rouge.rouge1(List.of(), List.of("a")));
        assertEquals(0.0, Rouge.rouge1(List.of(), List.of()));
    }

    @Test
    void rouge1IgnoresOrderUnlikeRougeL() {
        List<String> p = TOK.tokenize("b a");
        List<String> t = TOK.tokenize("a b");
        assertEquals(1.0, Rouge.rouge1(p, t));
        assertEquals(0.5, Rouge.rougeL(p, t));
        InstanceScore s = SuperNiEvaluator.scoreInstance("i", "b a", List.of("x", "a b"), Track.DEFAULT);
        assertEquals(1.0, s.rouge1());
        assertEquals(0.5, s.rougeL());
    }

    @Test
    void lcsLength() {
        assertEquals(4, Rouge.lcsLength(List.of("a", "b", "c", "b", "d", "a", "b"),
                List.of("b", "d", "c", "a", "b", "a")));
        assertEquals(0, Rouge.lcsLength(List.of(), List.of("a")));
    }

    @Test
    void stemmerOnlyTouchesTokensLongerThanThree() {
        assertEquals(List.of("bus", "buse"), TOK.tokenize("bus buses"));
        assertEquals(List.of("running"), new DefaultRougeTokenizer(false).tokenize("RUNNING"));
    }
}
