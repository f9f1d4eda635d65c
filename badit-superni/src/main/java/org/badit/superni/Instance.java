package org.badit.superni;

import java.util.List;

/**
 * One evaluation or training instance of a task.
 *
 * @param id the instance id (e.g. {@code task1344-e2e0b311...}); SuperNI v2 files always carry one
 * @param input the input text
 * @param outputs the acceptable outputs; may contain empty strings (the loader rejects an empty list)
 */
public record Instance(String id, String input, List<String> outputs) {

    /** Copies the list of outputs. */
    public Instance {
        outputs = List.copyOf(outputs);
    }
}
