package org.badit.superni.prompt;

import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;

/**
 * The BADIT paper's prompt: {@code {Definition}\n\nNow complete the following example -\nInput: {input}\nOutput: },
 * with the task's first definition and the instance input inserted verbatim; the target is {@code output + eos}.
 * The evaluator reads the answer as the text after the last {@code Output:}.
 */
public final class PaperPrompt implements PromptTemplate {

    /** {@inheritDoc} */
    @Override
    public String source(SuperNiTask task, Instance instance) {
        return task.definition() + "\n\nNow complete the following example -\nInput: " + instance.input()
                + "\nOutput: ";
    }
}
