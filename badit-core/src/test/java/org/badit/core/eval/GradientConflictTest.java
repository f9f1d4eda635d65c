package org.badit.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.badit.core.data.TrainingExample;
import org.badit.core.method.AdaptedModel;
import org.badit.core.method.RouterType;
import org.badit.core.tokenizer.ByteTokenizer;
import org.junit.jupiter.api.Test;

public class GradientConflictTest {

    /** Three toy tasks on 3-letter words: reverse, uppercase, and copy. */
    public static List<TrainingExample> toyTasks(int perTask) {
        ByteTokenizer tok = new ByteTokenizer();
        java.util.Random r = new java.util.Random(4);
        String[] prefixes = {"rev: ", "up: ", "copy: "};
        List<TrainingExample> out = new ArrayList<>();
        for (int t = 0; t < prefixes.length; t++) {
            for (int i = 0; i < perTask; i++) {
                String w = "" + (char) ('a' + r.nextInt(5)) + (char) ('a' + r.nextInt(5)) + (char) ('a' + r.nextInt(5));
                String answer = t == 0 ? new StringBuilder(w).reverse().toString() : t == 1 ? w.toUpperCase() : w;
                int[] ans = tok.encode(answer, false);
                int[] target = Arrays.copyOf(ans, ans.length + 1);
                target[ans.length] = ByteTokenizer.EOS;
                out.add(new TrainingExample(t, "toy" + t, "toy" + t + "-" + i, tok.encode(prefixes[t] + w + " = ", true),
                        target));
            }
        }
        return out;
    }

    @Test
    void cosineMatrixIsSymmetricWithUnitDiagonal() {
        try (NDManager m = EvalFixtures.manager()) {
            AdaptedModel model = EvalFixtures.badit(EvalFixtures.model(m, 7), RouterType.SEQUENCE, 1);
            GradientConflict.Result r = GradientConflict.measure(model, toyTasks(4), 4, ByteTokenizer.PAD);
            assertEquals(List.of("toy0", "toy1", "toy2"), r.tasks());
            double[][] c = r.cosine();
            assertEquals(3, c.length);
            int negative = 0;
            for (int i = 0; i < 3; i++) {
                assertEquals(1.0, c[i][i], 1e-5, "diagonal " + i);
                for (int j = 0; j < 3; j++) {
                    assertEquals(c[i][j], c[j][i], 0.0, "symmetry " + i + "," + j);
                    assertTrue(c[i][j] >= -1 && c[i][j] <= 1, "range " + c[i][j]);
                    if (i < j) {
                        negative += c[i][j] < 0 ? 1 : 0;
                        // Different tasks, different gradients.
                        assertTrue(c[i][j] < 0.9999, "tasks " + i + "," + j + " have the same gradient");
                    }
                }
            }
            assertEquals(negative / 3.0, r.conflictFraction(), 1e-12);
            // Nothing is left behind for the next optimizer step.
            for (Parameter p : model.trainableParameters().values()) {
                if (p.getArray().hasGradient()) {
                    assertEquals(0f, p.getArray().getGradient().abs().max().getFloat(), p.getName());
                }
            }
        }
    }

    @Test
    void identicalBatchesHaveCosineOne() {
        try (NDManager m = EvalFixtures.manager()) {
            AdaptedModel model = EvalFixtures.badit(EvalFixtures.model(m, 7), RouterType.STATIC, 1);
            List<TrainingExample> batch = toyTasks(2).subList(0, 2);
            GradientConflict.Result r = GradientConflict.measure(model, List.of(batch, batch), ByteTokenizer.PAD);
            assertEquals(1.0, r.cosine()[0][1], 1e-5);
            assertEquals(0.0, r.conflictFraction());
            assertFalse(Double.isNaN(r.cosine()[0][0]));
            assertThrows(IllegalArgumentException.class, () -> GradientConflict.measure(model, List.of(),
                    ByteTokenizer.PAD));
        }
    }
}
