package org.badit.core.method;

import ai.djl.ndarray.NDArray;
import java.util.LinkedHashMap;
import java.util.Map;
import org.badit.core.expert.BaditLinear;
import org.badit.core.expert.Dog;
import org.badit.core.init.AdapterInitializer;
import org.badit.core.init.InitSettings;
import org.badit.core.init.LoraFamilyInit;
import org.badit.core.model.DecoderLM;
import org.badit.lora.AdapterInjector;
import org.badit.lora.InjectionReport;
import org.badit.lora.LoraConfig;
import org.badit.lora.nn.AdaptedLinear;

/** Applies a {@link MethodConfig} to a model: one entry point for every method, so all share the trainer. */
public final class Methods {

    private Methods() {}

    /**
     * Injects the method's adapters into the model's target layers and freezes everything else.
     *
     * @param model the model (modified in place)
     * @param config the method and budget
     * @return the adapted model
     */
    public static AdaptedModel apply(DecoderLM model, MethodConfig config) {
        InitSettings settings = config.initSettings();
        AdapterInitializer initializer = config.method().initializer();
        InjectionReport report = AdapterInjector.builder().setTargets(config.targets())
                .setFactory((path, linear) -> {
                    NDArray[] wb = AdaptedLinear.arraysOf(linear);
                    return initializer.create(path, wb[0], wb[1], settings);
                }).build().inject(model);
        Dog dog = null;
        if (config.method().usesDog()) {
            MethodConfig.DogSettings d = config.dog();
            Map<String, BaditLinear> layers = new LinkedHashMap<>();
            report.layers().forEach((p, l) -> layers.put(p, (BaditLinear) l));
            dog = Dog.builder().setLayers(layers).optEmaBeta(d.emaBeta()).optRegroupEvery(d.regroupEvery())
                    .optRegroupUntil(d.regroupUntil()).optRestarts(d.restarts()).optOrthogonalize(d.orthogonalize())
                    .optOrthogonalization(d.orthogonalization().resolve())
                    .optHandoffSteps(d.handoffSteps())
                    .optClusteringBackend(d.backend())
                    .optOrthogonalizeMaxSpread(d.orthogonalizeMaxSpread() > 0 ? d.orthogonalizeMaxSpread()
                            : Dog.DEFAULT_ORTHOGONALIZE_MAX_SPREAD).optSeed(config.seed()).build();
        }
        return new AdaptedModel(model, config, report, dog);
    }

    /**
     * The PEFT LoRA configuration of a LoRA-family method at the config's budget.
     *
     * @param config the method config (LoRA, PiSSA, MiLoRA or OLoRA)
     * @return the LoRA config: rank K·r, lora_alpha = s·K·r
     */
    public static LoraConfig loraConfig(MethodConfig config) {
        if (!(config.method().initializer() instanceof LoraFamilyInit family)) {
            throw new IllegalArgumentException(config.method() + " is not a LoRA-family method");
        }
        String init = family.peftName(config.initSettings());
        return LoraConfig.builder().setTargetModules(config.targets()).optR(config.totalRank())
                .optLoraAlpha(config.scaling() * config.totalRank()).optLoraDropout(config.dropout())
                .optInitLoraWeights(init).optSeed(config.seed()).build();
    }
}
