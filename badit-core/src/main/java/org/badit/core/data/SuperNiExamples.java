package org.badit.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.badit.core.tokenizer.Tokenizer;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;
import org.badit.superni.prompt.PromptTemplate;

/**
 * Turns SuperNI tasks into tokenized training examples with a prompt template.
 *
 * <p>Long prompts keep their last {@code maxPromptTokens} tokens after the BOS (the input and the trailing
 * "Output:" matter more than the definition's tail); targets keep their first {@code maxTargetTokens} tokens and
 * always end with EOS.
 */
public final class SuperNiExamples {

    private SuperNiExamples() {}

    /**
     * Tokenizes every instance of the tasks.
     *
     * @param tasks the tasks; a task's index in this list is its task id
     * @param template the prompt template
     * @param tokenizer the tokenizer
     * @param maxPromptTokens the prompt budget (≥ 2)
     * @param maxTargetTokens the target budget including EOS (≥ 1)
     * @return the examples, task by task in instance order
     */
    public static List<TrainingExample> tokenize(List<SuperNiTask> tasks, PromptTemplate template,
            Tokenizer tokenizer, int maxPromptTokens, int maxTargetTokens) {
        if (maxPromptTokens < 2 || maxTargetTokens < 1) {
            throw new IllegalArgumentException("token budgets too small: prompt " + maxPromptTokens + ", target "
                    + maxTargetTokens);
        }
        int eos = tokenizer.eosIds().get(0);
        List<TrainingExample> out = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            SuperNiTask task = tasks.get(t);
            for (Instance instance : task.instances()) {
                if (instance.outputs().isEmpty()) {
                    continue;
                }
                int[] prompt = truncatePrompt(tokenizer.encode(template.source(task, instance), true),
                        tokenizer.bosId(), maxPromptTokens);
                int[] answer = tokenizer.encode(instance.outputs().get(0), false);
                int[] target = Arrays.copyOf(answer, Math.min(answer.length, maxTargetTokens - 1) + 1);
                target[target.length - 1] = eos;
                out.add(new TrainingExample(t, task.name(), instance.id(), prompt, target));
            }
        }
        return out;
    }

    /**
     * Keeps a prompt within budget: the BOS (if any) and the last tokens.
     *
     * @param ids the prompt ids
     * @param bos the BOS id or null
     * @param max the budget
     * @return the ids, truncated from the left after the BOS
     */
    public static int[] truncatePrompt(int[] ids, Integer bos, int max) {
        if (ids.length <= max) {
            return ids;
        }
        boolean keepBos = bos != null && ids.length > 0 && ids[0] == bos;
        int[] out = new int[max];
        int from = ids.length - (keepBos ? max - 1 : max);
        if (keepBos) {
            out[0] = bos;
            System.arraycopy(ids, from, out, 1, max - 1);
        } else {
            System.arraycopy(ids, from, out, 0, max);
        }
        return out;
    }
}
