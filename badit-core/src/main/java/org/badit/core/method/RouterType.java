package org.badit.core.method;

import ai.djl.ndarray.NDManager;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.badit.core.expert.router.ExpertRouter;
import org.badit.core.expert.router.SequenceRouter;
import org.badit.core.expert.router.StaticRouter;
import org.badit.core.expert.router.TaskRouter;
import org.badit.core.expert.router.TokenRouter;

/** How an expert layer mixes its experts; see the router classes for each rule. */
public enum RouterType {
    /** A learnable α per layer ({@link StaticRouter}). */
    STATIC,
    /** α from the prompt's mean layer input, once per sequence ({@link SequenceRouter}). */
    SEQUENCE,
    /** α per token ({@link TokenRouter}). */
    TOKEN,
    /** A learnable α per task ({@link TaskRouter}). */
    TASK;

    /**
     * Creates a router of this type.
     *
     * @param manager the layer's manager
     * @param experts K
     * @param inFeatures the layer's input width
     * @param tasks the number of task ids (task router only)
     * @return the router
     */
    public ExpertRouter create(NDManager manager, int experts, long inFeatures, int tasks) {
        return switch (this) {
            case STATIC -> new StaticRouter(manager, experts);
            case SEQUENCE -> new SequenceRouter(manager, experts, inFeatures);
            case TOKEN -> new TokenRouter(manager, experts, inFeatures);
            case TASK -> new TaskRouter(manager, experts, tasks);
        };
    }

    /**
     * Returns the name used in configs.
     *
     * @return e.g. {@code sequence}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a router name.
     *
     * @param name e.g. {@code static}
     * @return the type
     */
    public static RouterType parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown router '" + name + "'; known: "
                    + Arrays.stream(values()).map(RouterType::id).collect(Collectors.joining(", ")), e);
        }
    }
}
