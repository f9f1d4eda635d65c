package org.badit.superni.synthetic;

import java.util.List;
import java.util.Random;

/**
 * Generates the instances of one synthetic SuperNI task. Implementations are stateless: every random choice comes
 * from the {@link Random} passed in, so a seed fixes the whole task.
 */
public interface TaskGenerator {

    /**
     * The task name, used as the file / folder name and the instance id prefix.
     *
     * @return e.g. {@code syn_reverse_word}
     */
    String name();

    /**
     * The instruction given to the model (the task's {@code Definition}); kept short because the demo model
     * reads it byte by byte.
     *
     * @return the definition
     */
    String definition();

    /**
     * The SuperNI category the reports group by.
     *
     * @return e.g. {@code Word Manipulation}
     */
    String category();

    /**
     * Classification or generation.
     *
     * @return the kind
     */
    Kind kind();

    /**
     * The basic abilities the task needs, in the order they are applied.
     *
     * @return the abilities
     */
    List<Ability> abilities();

    /**
     * Draws one instance.
     *
     * @param random the source of every random choice
     * @return the input and its reference answers
     */
    TaskInstance instance(Random random);
}
