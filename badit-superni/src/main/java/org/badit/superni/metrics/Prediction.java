package org.badit.superni.metrics;

import java.util.Objects;

/**
 * One model output, as a line of the official predictions file ({@code {"id", "prediction"}}).
 *
 * @param id the instance id
 * @param prediction the predicted text
 */
public record Prediction(String id, String prediction) {

    /** Checks that neither field is null. */
    public Prediction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prediction, "prediction");
    }
}
