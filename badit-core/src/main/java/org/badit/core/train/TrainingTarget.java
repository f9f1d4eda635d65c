package org.badit.core.train;

import ai.djl.nn.Parameter;
import java.util.Map;
import org.badit.core.expert.BaditLinear;
import org.badit.core.expert.Dog;
import org.badit.core.method.AdaptedModel;
import org.badit.core.model.DecoderLM;

/**
 * What the trainer updates: a model, the parameters to train by stable name, the expert layers to measure, DOG, and
 * a description of the setup that a resumed run must match.
 *
 * @param model the model
 * @param parameters trainable parameters by name (keys of checkpoints and optimizer moments)
 * @param expertLayers expert layers by module path (empty without experts)
 * @param dog DOG or null
 * @param description the adaptation setup (part of the checkpoint fingerprint)
 */
public record TrainingTarget(DecoderLM model, Map<String, Parameter> parameters,
        Map<String, BaditLinear> expertLayers, Dog dog, String description) {

    /**
     * Trains the adapters of an adapted model.
     *
     * @param adapted the adapted model
     * @return the target
     */
    public static TrainingTarget of(AdaptedModel adapted) {
        return new TrainingTarget(adapted.model(), adapted.trainableParameters(), adapted.expertLayers(),
                adapted.dog(), adapted.config().toString());
    }

    /**
     * Trains every parameter of a model (pre-training from scratch, full fine-tuning).
     *
     * @param model the model
     * @return the target
     */
    public static TrainingTarget full(DecoderLM model) {
        model.setTrainable(true);
        return new TrainingTarget(model, model.namedParameters(), Map.of(), null, "full:" + model.config());
    }
}
