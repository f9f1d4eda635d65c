package org.badit.core.adapter;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.badit.core.expert.Dog;
import org.badit.core.method.Method;
import org.badit.core.method.MethodConfig;
import org.badit.core.method.RouterType;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.TargetModules;
import org.badit.lora.init.SvdMethod;
import org.badit.lora.io.AdapterFormatException;

/**
 * The content of {@code badit_config.json}: how the adapter was made (the whole {@link MethodConfig}), where its
 * tensors are, and which tensors there must be. Written for every method; the LoRA family's tensors themselves are in
 * PEFT's files beside it ({@code tensorFormat = "peft"}). See {@code docs/adapter-format.md}.
 *
 * @param formatVersion the version of this file format ({@link #FORMAT_VERSION})
 * @param tensorFormat {@code badit} (expert tensors in {@code adapter_model.safetensors}) or {@code peft}
 * @param method the method configuration the adapter was injected with
 * @param residual whether the adapted layers' base is a residual W_res (then {@code residual_base.safetensors} holds
 *     it); false when the base is the pretrained weight (LoRA, LoRAMoE)
 * @param initialExperts whether {@code initial_experts.safetensors} holds the experts at initialization
 * @param baseModelNameOrPath the base model, or null when unknown
 * @param modules the adapted module paths, in model order
 * @param savedTensors the tensor names saved per module, relative to the module path (e.g. {@code experts_A},
 *     {@code router.alpha})
 */
public record BaditAdapterConfig(int formatVersion, String tensorFormat, MethodConfig method, boolean residual,
        boolean initialExperts, String baseModelNameOrPath, List<String> modules, List<String> savedTensors) {

    /** The file's name. */
    public static final String FILE_NAME = "badit_config.json";
    /** The version written; readers refuse a newer one. */
    public static final int FORMAT_VERSION = 1;
    /** {@link #tensorFormat()} of expert methods. */
    public static final String TENSORS_BADIT = "badit";
    /** {@link #tensorFormat()} of the LoRA family. */
    public static final String TENSORS_PEFT = "peft";

    /** Copies the lists. */
    public BaditAdapterConfig {
        modules = List.copyOf(modules);
        savedTensors = List.copyOf(savedTensors);
    }

    /**
     * Renders the configuration.
     *
     * @return pretty-printed JSON
     */
    public String toJson() {
        MethodConfig c = method;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "badit-adapter");
        m.put("format_version", formatVersion);
        m.put("tensor_format", tensorFormat);
        m.put("method", c.method().id());
        m.put("experts", c.experts());
        m.put("rank", c.rank());
        m.put("alpha", c.alpha());
        m.put("scaling", c.scaling());
        m.put("router", c.router().id());
        m.put("tasks", c.tasks());
        m.put("target_modules", c.targets().toPeft());
        m.put("svd", c.svd() == null ? "auto" : c.svd().isExact() ? "exact" : "randomized");
        if (c.svd() != null && !c.svd().isExact()) {
            m.put("svd_niter", c.svd().niter());
        }
        m.put("dropout", c.dropout());
        m.put("seed", c.seed());
        Map<String, Object> dog = new LinkedHashMap<>();
        dog.put("ema_beta", c.dog().emaBeta());
        dog.put("regroup_every", c.dog().regroupEvery());
        dog.put("regroup_until", c.dog().regroupUntil());
        dog.put("restarts", c.dog().restarts());
        dog.put("orthogonalize", c.dog().orthogonalize());
        dog.put("orthogonalization", c.dog().orthogonalization().id());
        dog.put("handoff_steps", c.dog().handoffSteps());
        m.put("dog", dog);
        m.put("base_model_name_or_path", baseModelNameOrPath);
        m.put("residual", residual);
        m.put("initial_experts", initialExperts);
        m.put("modules", modules);
        m.put("saved_tensors", savedTensors);
        return new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping().create().toJson(m) + "\n";
    }

    /**
     * Writes the configuration atomically.
     *
     * @param file the target
     */
    public void write(Path file) {
        AtomicFiles.writeString(file, toJson());
    }

    /**
     * Reads and validates {@code badit_config.json}.
     *
     * @param file the file
     * @return the configuration
     * @throws AdapterFormatException naming the file and the field on a missing field, a value of the wrong type, an
     *     unknown method or router, or fields that contradict each other
     */
    public static BaditAdapterConfig read(Path file) {
        StrictJson o = StrictJson.read(file);
        String format = o.string("format");
        if (!format.equals("badit-adapter")) {
            throw o.error("format", "is '" + format + "', expected 'badit-adapter'");
        }
        long version = o.integer("format_version");
        if (version < 1 || version > FORMAT_VERSION) {
            throw o.error("format_version", "is " + version + "; this library reads versions 1.." + FORMAT_VERSION
                    + (version > FORMAT_VERSION ? " (written by a newer BADIT-J?)" : ""));
        }
        String tensorFormat = o.string("tensor_format");
        if (!tensorFormat.equals(TENSORS_BADIT) && !tensorFormat.equals(TENSORS_PEFT)) {
            throw o.error("tensor_format", "is '" + tensorFormat + "', expected 'badit' or 'peft'");
        }
        Method method;
        try {
            method = Method.parse(o.string("method"));
        } catch (IllegalArgumentException e) {
            throw o.error("method", "is invalid: " + e.getMessage());
        }
        if (method.hasExperts() != tensorFormat.equals(TENSORS_BADIT)) {
            throw o.error("tensor_format", "is '" + tensorFormat + "' but method " + method.id() + " saves "
                    + (method.hasExperts() ? TENSORS_BADIT : TENSORS_PEFT) + " tensors");
        }
        RouterType router;
        try {
            router = RouterType.parse(o.string("router"));
        } catch (IllegalArgumentException e) {
            throw o.error("router", "is invalid: " + e.getMessage());
        }
        int experts = o.positiveInt("experts");
        int rank = o.positiveInt("rank");
        float alpha = (float) o.number("alpha");
        if (!(alpha > 0)) {
            throw o.error("alpha", "must be positive, got " + alpha);
        }
        double scaling = o.number("scaling");
        if (Math.abs(scaling - alpha / rank) > 1e-6 * Math.abs(alpha / rank)) {
            throw o.error("scaling", "is " + scaling + " but alpha / rank = " + alpha + " / " + rank + " = "
                    + alpha / rank);
        }
        StrictJson dog = o.object("dog");
        // Checked here, as DOG's builder would check them, so a bad value is refused before the model changes.
        float emaBeta = (float) dog.number("ema_beta");
        if (!(emaBeta >= 0 && emaBeta < 1)) {
            throw dog.error("ema_beta", "must be in [0, 1), got " + dog.element("ema_beta"));
        }
        double regroupUntil = dog.number("regroup_until");
        if (!(regroupUntil >= 0 && regroupUntil <= 1)) {
            throw dog.error("regroup_until", "must be in [0, 1], got " + dog.element("regroup_until"));
        }
        Dog.Orthogonalization orthogonalization = Dog.Orthogonalization.SVD; // before the key existed: the re-SVD
        if (dog.has("orthogonalization")) {
            try {
                orthogonalization = Dog.Orthogonalization.parse(dog.string("orthogonalization"));
            } catch (IllegalArgumentException e) {
                throw dog.error("orthogonalization", "must be auto, svd, nearest or none, got "
                        + dog.element("orthogonalization"));
            }
        }
        MethodConfig.DogSettings dogSettings = new MethodConfig.DogSettings(emaBeta,
                dog.positiveInt("regroup_every"), regroupUntil, dog.positiveInt("restarts"),
                // Adapters written before the key existed were trained with the literal DOG.
                dog.has("orthogonalize") && dog.bool("orthogonalize"), Dog.DEFAULT_BACKEND, 0f, orthogonalization,
                // Adapters written before the hand-off existed moved components at once.
                dog.has("handoff_steps") ? dog.nonNegativeInt("handoff_steps") : 0);
        MethodConfig config;
        try {
            config = MethodConfig.builder().setMethod(method).optExperts(experts).optRank(rank).optAlpha(alpha)
                    .optRouter(router).optTargets(targets(o)).optSvd(svd(o)).optDropout((float) o.number("dropout"))
                    .optTasks(o.positiveInt("tasks")).optSeed(o.integer("seed")).optDog(dogSettings).build();
        } catch (IllegalArgumentException e) {
            throw new AdapterFormatException(file, e.getMessage(), e);
        }
        if (config.router() != router) {
            throw o.error("router", "is '" + router.id() + "' but " + method.id() + " always routes per "
                    + config.router().id());
        }
        boolean residual = o.bool("residual");
        boolean needsResidual = !method.keepsPretrainedBase();
        if (residual != needsResidual) {
            throw o.error("residual", "is " + residual + " but method " + method.id() + (needsResidual
                    ? " trains on a residual base" : " keeps the pretrained base"));
        }
        boolean initial = o.bool("initial_experts");
        if (initial && (!residual || !method.hasExperts())) {
            throw o.error("initial_experts", "is true but method " + method.id() + " has no initial experts to keep");
        }
        List<String> modules = o.strings("modules");
        if (modules.isEmpty()) {
            throw o.error("modules", "is empty: an adapter adapts at least one module");
        }
        List<String> saved = o.strings("saved_tensors");
        return new BaditAdapterConfig((int) version, tensorFormat, config, residual, initial,
                o.optString("base_model_name_or_path"), modules, saved);
    }

    private static TargetModules targets(StrictJson o) {
        JsonElement t = o.element("target_modules");
        try {
            return TargetModules.fromJson(t, problem -> o.error("target_modules", problem));
        } catch (IllegalArgumentException e) {
            throw o.error("target_modules", "is invalid: " + e.getMessage());
        }
    }

    private static SvdMethod svd(StrictJson o) {
        String svd = o.string("svd").toLowerCase(Locale.ROOT);
        return switch (svd) {
            case "auto" -> null;
            case "exact" -> SvdMethod.exact();
            case "randomized" -> {
                long niter = o.integer("svd_niter");
                if (niter < 0 || niter > 1000) {
                    throw o.error("svd_niter", "must be in [0, 1000], got " + niter);
                }
                yield SvdMethod.randomized((int) niter);
            }
            default -> throw o.error("svd", "is '" + svd + "', expected 'auto', 'exact' or 'randomized'");
        };
    }
}
