package org.badit.superni.metrics;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The gold side of one instance, as a line of the official references file
 * ({@code {"id", "references", "task_id", "task_category", "track"}}).
 *
 * @param id the instance id
 * @param references the acceptable outputs (at least one; empty strings allowed)
 * @param taskId the task name, or null when the file gives none (then no per-task metrics)
 * @param category the task category as written in the task file (e.g. {@code Textual Entailment}), or null
 * @param track the evaluation track
 */
public record Reference(String id, List<String> references, String taskId, String category, Track track) {

    /** Checks the fields and copies the list. */
    public Reference {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(track, "track");
        references = List.copyOf(references);
        if (references.isEmpty()) {
            // Python's max() over an empty list fails in the official script; say which instance instead.
            throw new IllegalArgumentException("instance " + id + ": references must not be empty");
        }
    }

    /**
     * The category key the official script groups by: {@code "_".join(category.lower().split())}.
     *
     * @return the key, or null when there is no category
     */
    public String categoryKey() {
        return category == null ? null : categoryKey(category);
    }

    /**
     * The official grouping key of a category name.
     *
     * @param category a category such as {@code Textual Entailment}
     * @return e.g. {@code textual_entailment}
     */
    public static String categoryKey(String category) {
        String lower = category.toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        boolean pending = false;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (ExactMatch.isPythonSpace(c)) {
                pending = out.length() > 0;
            } else {
                if (pending) {
                    out.append('_');
                    pending = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }
}
