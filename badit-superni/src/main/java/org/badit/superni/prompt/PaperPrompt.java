package org.badit.superni.prompt;

import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;

/**
 * The BADIT paper's prompt: {@code {Definition}\n\nNow complete the following example -\nInput: {input}\nOutput: },
 * with the task's first definition stripped (Python {@code strip()}, as the released code's {@code data_process.py})
 * and the instance input verbatim; the target is {@code output + eos}. The released code draws the target output at
 * random among an instance's outputs; this template uses the first, so training data is reproducible. The evaluator
 * reads the answer as the text after the last {@code Output:} ({@link AnswerExtractor}).
 */
public final class PaperPrompt implements PromptTemplate {

    /** {@inheritDoc} */
    @Override
    public String source(SuperNiTask task, Instance instance) {
        return TkInstructPrompt.strip(task.definition()) + "\n\nNow complete the following example -\nInput: "
                + instance.input() + "\nOutput: ";
    }
}
