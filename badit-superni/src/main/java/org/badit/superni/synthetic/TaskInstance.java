package org.badit.superni.synthetic;

import java.util.List;

/**
 * One generated input with its reference answers, before it is given an id.
 *
 * @param input the input text
 * @param outputs the acceptable answers (one, or two equivalent ones for some classification tasks); the first is
 *     the training target
 */
public record TaskInstance(String input, List<String> outputs) {

    /** Copies the outputs and rejects an empty list (SuperNI needs at least one reference). */
    public TaskInstance {
        outputs = List.copyOf(outputs);
        if (outputs.isEmpty()) {
            throw new IllegalArgumentException("a synthetic instance needs at least one output (input \""
                    + input + "\")");
        }
    }

    /**
     * An instance with a single reference.
     *
     * @param input the input
     * @param output the answer
     * @return the instance
     */
    public static TaskInstance of(String input, String output) {
        return new TaskInstance(input, List.of(output));
    }
}
