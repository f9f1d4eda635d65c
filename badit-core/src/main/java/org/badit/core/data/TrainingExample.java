package org.badit.core.data;

/**
 * One tokenized instruction example: the loss is on the target tokens only.
 *
 * @param task the task's index (task router ids, per-task metrics)
 * @param taskName the task's name
 * @param id the instance id
 * @param prompt the prompt's token ids (instruction and input, with BOS when the tokenizer adds one)
 * @param target the target's token ids (the answer followed by EOS)
 */
public record TrainingExample(int task, String taskName, String id, int[] prompt, int[] target) {

    /**
     * Returns the total length.
     *
     * @return prompt + target tokens
     */
    public int length() {
        return prompt.length + target.length;
    }
}
