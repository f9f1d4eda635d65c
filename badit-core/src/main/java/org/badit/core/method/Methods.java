package org.badit.core.method;

import ai.djl.ndarray.NDArray;
import org.badit.core.expert.BaditLinear;
import org.badit.core.expert.Dog;
import org.badit.core.expert.router.ExpertRouter;
import org.badit.core.model.DecoderLM;
import org.badit.lora.AdaptedLayerFactory;
import org.badit.lora.AdapterInjector;
import org.badit.lora.InjectionReport;
import org.badit.lora.LoraConfig;
import org.badit.lora.LoraInjector;
import org.badit.lora.init.SvdMethod;
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
        InjectionReport report;
        Dog dog = null;
        if (config.method().hasExperts()) {
            report = AdapterInjector.builder().setTargets(config.targets()).setFactory(expertFactory(config)).build()
                    .inject(model);
            if (config.method().usesDog()) {
                MethodConfig.DogSettings d = config.dog();
                java.util.Map<String, BaditLinear> layers = new java.util.LinkedHashMap<>();
                report.layers().forEach((p, l) -> layers.put(p, (BaditLinear) l));
                dog = Dog.builder().setLayers(layers).optEmaBeta(d.emaBeta()).optRegroupEvery(d.regroupEvery())
                        .optRegroupUntil(d.regroupUntil()).optRestarts(d.restarts())
                        .optOrthogonalize(d.orthogonalize()).optSeed(config.seed()).build();
            }
        } else {
            report = LoraInjector.inject(model, loraConfig(config));
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
        String init = switch (config.method()) {
            case LORA -> "true";
            case PISSA -> config.svd() == null || config.svd().isExact() ? "pissa"
                    : "pissa_niter_" + config.svd().niter();
            case MILORA -> "milora";
            case OLORA -> "olora";
            default -> throw new IllegalArgumentException(config.method() + " is not a LoRA-family method");
        };
        return LoraConfig.builder().setTargetModules(config.targets()).optR(config.totalRank())
                .optLoraAlpha(config.scaling() * config.totalRank()).optLoraDropout(config.dropout())
                .optInitLoraWeights(init).optSeed(config.seed()).build();
    }

    private static AdaptedLayerFactory expertFactory(MethodConfig config) {
        return (path, linear) -> {
            NDArray[] wb = AdaptedLinear.arraysOf(linear);
            NDArray w = wb[0];
            long seed = LoraInjector.layerSeed(config.seed(), path);
            ExpertRouter router = config.router().create(w.getManager(), config.experts(), w.getShape().get(1),
                    config.tasks());
            if (config.method().keepsPretrainedBase()) {
                return BaditLinear.randomExperts(w, wb[1], config.experts(), config.rank(), config.alpha(), router,
                        seed);
            }
            return BaditLinear.decompose(w, wb[1], config.experts(), config.rank(), config.alpha(), svd(config, w),
                    router, seed);
        };
    }

    private static SvdMethod svd(MethodConfig config, NDArray w) {
        if (config.svd() != null) {
            return config.svd();
        }
        return Math.min(w.getShape().get(0), w.getShape().get(1)) <= 1024 ? SvdMethod.exact()
                : SvdMethod.randomized(4);
    }
}
