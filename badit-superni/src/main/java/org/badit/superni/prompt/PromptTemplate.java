package org.badit.superni.prompt;

import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;

/**
 * Turns a task and one of its instances into the model's input text (the source) and the training target.
 * Implementations: {@link PaperPrompt} (the BADIT paper's template, the default for training and evaluation) and
 * {@link TkInstructPrompt} (Tk-Instruct's encodings with definitions, demonstrations and explanations).
 */
public interface PromptTemplate {

    /**
     * The text the model reads; the answer is generated after it.
     *
     * @param task the task (definition, examples)
     * @param instance the instance
     * @return the source text
     */
    String source(SuperNiTask task, Instance instance);

    /**
     * The training target: the instance's first output followed by the end-of-sequence text. The loss covers these
     * tokens only.
     *
     * @param instance the instance
     * @param eos the tokenizer's end-of-sequence text (e.g. {@code </s>}), or the empty string
     * @return the target text
     */
    default String target(Instance instance, String eos) {
        return instance.outputs().get(0) + eos;
    }
}
