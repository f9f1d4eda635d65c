package org.badit.core.badit.router;

import ai.djl.ndarray.NDArray;
import ai.djl.util.PairList;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What input-dependent routers read besides the layer input, passed down the model in the forward call's
 * {@code params} under {@link #KEY}.
 *
 * <p>The sequence router computes α once per sequence from the prompt tokens and must reuse it while decoding, so
 * that training and generation route identically: it stores α here per layer ({@link #cached}) during the prefill
 * and reads it back on decode steps ({@link #decoding()}).
 */
public final class RoutingContext {

    /** The key of this context in a forward call's {@code params}. */
    public static final String KEY = "badit.routing";

    private final NDArray promptMask;
    private final NDArray taskIds;
    private final Map<Object, NDArray> cache = new IdentityHashMap<>();
    private boolean decoding;

    /**
     * Creates a context.
     *
     * @param promptMask {@code [B, T]} 1 on prompt tokens, 0 on target and padding tokens; null when every token is
     *     prompt
     * @param taskIds {@code [B]} int64 task indices for the task router; null when unused
     */
    public RoutingContext(NDArray promptMask, NDArray taskIds) {
        this.promptMask = promptMask;
        this.taskIds = taskIds;
    }

    /**
     * Finds the context in a forward call's params.
     *
     * @param params the params, possibly null
     * @return the context, or null
     */
    public static RoutingContext of(PairList<String, Object> params) {
        if (params == null) {
            return null;
        }
        Object value = params.get(KEY);
        return value instanceof RoutingContext ? (RoutingContext) value : null;
    }

    /**
     * Returns the prompt mask.
     *
     * @return {@code [B, T]}, or null
     */
    public NDArray promptMask() {
        return promptMask;
    }

    /**
     * Returns the task ids.
     *
     * @return {@code [B]} int64, or null
     */
    public NDArray taskIds() {
        return taskIds;
    }

    /**
     * Returns whether the forward calls are decode steps that must reuse cached per-sequence routing.
     *
     * @return true while decoding
     */
    public boolean decoding() {
        return decoding;
    }

    /**
     * Marks the following forward calls as decode steps (after the prefill).
     *
     * @param decoding whether to reuse cached routing
     */
    public void setDecoding(boolean decoding) {
        this.decoding = decoding;
    }

    /**
     * Returns the routing a layer cached during the prefill.
     *
     * @param layer the router
     * @return its cached weights, or null
     */
    public NDArray cached(Object layer) {
        return cache.get(layer);
    }

    /**
     * Caches a layer's per-sequence routing.
     *
     * @param layer the router
     * @param weights its weights
     */
    public void cache(Object layer, NDArray weights) {
        cache.put(layer, weights);
    }
}
