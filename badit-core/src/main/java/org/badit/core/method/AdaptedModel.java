package org.badit.core.method;

import ai.djl.nn.Parameter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.badit.core.expert.BaditLinear;
import org.badit.core.expert.Dog;
import org.badit.core.model.DecoderLM;
import org.badit.lora.InjectionReport;
import org.badit.lora.nn.AdaptedLinear;

/**
 * A model with adapters injected by {@link Methods#apply}: what the trainer trains and the evaluator decodes with.
 *
 * @param model the model (its targeted Linear layers replaced)
 * @param config how it was adapted
 * @param injection the adapted layers by module path and the parameter counts
 * @param dog the regrouper (BADIT only), else null
 */
public record AdaptedModel(DecoderLM model, MethodConfig config, InjectionReport injection, Dog dog) {

    /**
     * Returns the trainable parameters by stable name (module path + "." + parameter path within the layer).
     *
     * @return name to parameter, in model order
     */
    public Map<String, Parameter> trainableParameters() {
        Map<String, Parameter> out = new LinkedHashMap<>();
        for (Map.Entry<String, AdaptedLinear> e : injection.layers().entrySet()) {
            AdaptedLinear layer = e.getValue();
            for (Parameter p : layer.trainableParameters()) {
                String local = layer instanceof BaditLinear && ((BaditLinear) layer).router().getDirectParameters()
                        .values().contains(p) ? "router." + p.getName() : p.getName();
                out.put(e.getKey() + "." + local, p);
            }
        }
        return out;
    }

    /**
     * Returns the expert layers (empty for the LoRA family).
     *
     * @return module path to layer
     */
    public Map<String, BaditLinear> expertLayers() {
        Map<String, BaditLinear> out = new LinkedHashMap<>();
        injection.layers().forEach((path, layer) -> {
            if (layer instanceof BaditLinear) {
                out.put(path, (BaditLinear) layer);
            }
        });
        return out;
    }
}
