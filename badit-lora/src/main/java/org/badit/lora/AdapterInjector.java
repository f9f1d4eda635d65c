package org.badit.lora;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.badit.lora.nn.AdaptedLinear;
import org.badit.lora.nn.BlockTree;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces targeted DJL {@link Linear} modules of a block tree by adapted layers and freezes everything else, as
 * PEFT's {@code inject_adapter}. What replaces each Linear is up to the {@link AdaptedLayerFactory}: LoRA
 * ({@link LoraInjector}), BADIT experts or LoRAMoE reuse the same selection, error reporting and freezing.
 *
 * <pre>{@code
 * InjectionReport report = AdapterInjector.builder()
 *         .setTargets(TargetModules.names(List.of("q_proj", "v_proj")))
 *         .setFactory((path, linear) -> LoraLinear.builder().setBase(linear).setRank(8).build())
 *         .build()
 *         .inject(model);
 * }</pre>
 *
 * <p>The tree must follow the {@link org.badit.lora.nn.MutableBlock} contract (parents look children up at every
 * forward) and be initialized, since adapted layers take over the Linear's arrays.
 */
public final class AdapterInjector {

    private static final Logger LOG = LoggerFactory.getLogger(AdapterInjector.class);

    private final TargetModules targets;
    private final AdaptedLayerFactory factory;
    private final boolean freezeOthers;

    private AdapterInjector(Builder builder) {
        this.targets = builder.targets;
        this.factory = builder.factory;
        this.freezeOthers = builder.freezeOthers;
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adapts the targeted Linear modules of {@code root}.
     *
     * @param root the model
     * @return the adapted layers and the parameter counts
     * @throws IllegalArgumentException when a target name matches no Linear module (the message lists the Linear
     *     modules there are) or a regex/all-linear selection matches none
     */
    public InjectionReport inject(Block root) {
        List<String> selected = select(root, targets);
        Map<String, AdaptedLinear> adapted = new LinkedHashMap<>();
        for (String path : selected) {
            Linear linear = (Linear) BlockTree.find(root, path);
            AdaptedLinear layer = factory.create(path, linear);
            if (layer == null) {
                throw new IllegalStateException("the adapted-layer factory returned null for '" + path + "'");
            }
            BlockTree.replace(root, path, layer);
            adapted.put(path, layer);
        }
        if (freezeOthers) {
            freezeAllButAdapters(root);
        }
        InjectionReport report = new InjectionReport(Collections.unmodifiableMap(adapted),
                countParameters(root, true), countParameters(root, false));
        LOG.info("{} (targets {})", report, targets);
        return report;
    }

    /**
     * Lists the module paths of the Linear layers a selection targets, checking that every named target matches.
     *
     * @param root the model
     * @param targets the selection
     * @return the targeted paths, in model order
     */
    public static List<String> select(Block root, TargetModules targets) {
        Map<String, Block> modules = BlockTree.modules(root);
        List<String> linears = new ArrayList<>();
        for (Map.Entry<String, Block> e : modules.entrySet()) {
            if (e.getValue() instanceof Linear) {
                linears.add(e.getKey());
            }
        }
        List<String> selected = new ArrayList<>();
        for (String path : linears) {
            if (targets.matches(path)) {
                selected.add(path);
            }
        }
        if (targets.names() != null) {
            List<String> unmatched = new ArrayList<>();
            for (String name : targets.names()) {
                if (linears.stream().noneMatch(p -> TargetModules.matchesName(p, name))) {
                    unmatched.add(name);
                }
            }
            if (!unmatched.isEmpty()) {
                StringBuilder msg = new StringBuilder("target_modules ").append(unmatched)
                        .append(" match no Linear module of ").append(root.getClass().getSimpleName());
                for (String name : unmatched) {
                    modules.entrySet().stream().filter(e -> TargetModules.matchesName(e.getKey(), name)).findFirst()
                            .ifPresent(e -> msg.append("; '").append(name).append("' names ").append(e.getKey())
                                    .append(", a ").append(e.getValue().getClass().getSimpleName())
                                    .append(", not a Linear"));
                }
                throw new IllegalArgumentException(msg.append(". ").append(describeLinears(linears)).toString());
            }
        } else if (selected.isEmpty()) {
            throw new IllegalArgumentException("target_modules " + targets + " match no Linear module of "
                    + root.getClass().getSimpleName() + ". " + describeLinears(linears));
        }
        return selected;
    }

    private static String describeLinears(List<String> linears) {
        if (linears.isEmpty()) {
            return "The model has no (unadapted) Linear modules.";
        }
        Set<String> names = new LinkedHashSet<>();
        for (String p : linears) {
            names.add(TargetModules.lastName(p));
        }
        return "Available Linear module names: " + names + " (" + linears.size() + " modules, e.g. "
                + linears.get(0) + ")";
    }

    /**
     * Freezes every parameter of the tree except the trainable parameters of its adapted layers.
     *
     * @param root the model
     */
    public static void freezeAllButAdapters(Block root) {
        Set<Parameter> trainable = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Block block : BlockTree.modules(root).values()) {
            if (block instanceof AdaptedLinear) {
                trainable.addAll(((AdaptedLinear) block).trainableParameters());
            }
        }
        for (Pair<String, Parameter> p : root.getParameters()) {
            Parameter param = p.getValue();
            boolean train = trainable.contains(param);
            if (param.requiresGradient() != train) {
                param.freeze(!train);
            }
        }
    }

    /**
     * Counts the scalars of a tree's parameters (each shared parameter once).
     *
     * @param root the model
     * @param trainableOnly count only parameters that require gradients
     * @return the number of scalars
     */
    public static long countParameters(Block root, boolean trainableOnly) {
        Set<Parameter> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long total = 0;
        for (Pair<String, Parameter> p : root.getParameters()) {
            Parameter param = p.getValue();
            if (!seen.add(param) || (trainableOnly && !param.requiresGradient())) {
                continue;
            }
            if (param.isInitialized()) {
                total += param.getArray().size();
            } else if (param.getShape() != null) {
                total += param.getShape().size();
            }
        }
        return total;
    }

    /** Builds an {@link AdapterInjector}: {@code set*} is required, {@code opt*} optional. */
    public static final class Builder {
        private TargetModules targets;
        private AdaptedLayerFactory factory;
        private boolean freezeOthers = true;

        private Builder() {}

        /**
         * Sets which Linear modules to adapt.
         *
         * @param targets the selection
         * @return this builder
         */
        public Builder setTargets(TargetModules targets) {
            this.targets = targets;
            return this;
        }

        /**
         * Sets what replaces each targeted Linear.
         *
         * @param factory the adapted-layer factory
         * @return this builder
         */
        public Builder setFactory(AdaptedLayerFactory factory) {
            this.factory = factory;
            return this;
        }

        /**
         * Whether to freeze every parameter but the adapters' (default true).
         *
         * @param freezeOthers false to leave other parameters' gradient flags alone
         * @return this builder
         */
        public Builder optFreezeOthers(boolean freezeOthers) {
            this.freezeOthers = freezeOthers;
            return this;
        }

        /**
         * Builds the injector.
         *
         * @return the injector
         */
        public AdapterInjector build() {
            Objects.requireNonNull(targets, "AdapterInjector.builder(): setTargets is required");
            Objects.requireNonNull(factory, "AdapterInjector.builder(): setFactory is required");
            return new AdapterInjector(this);
        }
    }
}
