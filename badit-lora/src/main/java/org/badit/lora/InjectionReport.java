package org.badit.lora;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.badit.lora.nn.AdaptedLinear;

/**
 * What an injection did: the adapted layers by module path and the parameter counts (as PEFT's
 * {@code print_trainable_parameters}).
 *
 * @param layers the adapted layers by module path, in model order
 * @param trainableParameters the number of scalars that require gradients
 * @param totalParameters the number of scalars in the model, adapters included
 */
public record InjectionReport(Map<String, AdaptedLinear> layers, long trainableParameters, long totalParameters) {

    /**
     * Returns the adapted module paths.
     *
     * @return the paths, in model order
     */
    public List<String> paths() {
        return List.copyOf(layers.keySet());
    }

    /**
     * Returns the trainable share.
     *
     * @return trainable / total, in percent
     */
    public double trainablePercent() {
        return totalParameters == 0 ? 0 : 100.0 * trainableParameters / totalParameters;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "adapted %d modules; trainable params: %,d || all params: %,d || "
                + "trainable%%: %.4f", layers.size(), trainableParameters, totalParameters, trainablePercent());
    }
}
