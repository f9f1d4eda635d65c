package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.util.PairList;
import java.util.Map;

/**
 * What one forward pass of a {@link DecoderLM} shares with every block under it, carried in the {@code params}
 * argument of {@code Block.forward} under {@link #KEY}.
 *
 * <p>The root builds it from the token ids, the padding mask and the caller's {@link ForwardInputs}, then passes one
 * params list, unchanged, to every child. A block replaced by an adapter reads it with {@link #of(PairList)} (or
 * {@link #find(PairList)} where it may run alone): an input-dependent router finds the padding mask, the prompt mask
 * (to average over prompt tokens only), the task ids, a routing cache that lives for one generation (compute once at
 * the prompt, reuse at every decoding step) and the collector of auxiliary losses, all as typed fields.
 */
public final class ForwardContext {

    /** The params key of the context itself. */
    public static final String KEY = "badit.forward_context";
    /** Key, inside the routing cache, of the {@code NDManager} that lives as long as the generation. */
    public static final String ROUTING_CACHE_MANAGER = "badit.manager";

    private final NDArray attentionMask;
    private final NDArray promptMask;
    private final NDArray positions;
    private final NDArray cos;
    private final NDArray sin;
    private final NDArray fullMask;
    private final NDArray slidingMask;
    private final KvCache cache;
    private final int pastLength;
    private final Map<String, Object> routingCache;
    private final NDArray taskIds;
    private final AuxiliaryLosses auxiliaryLosses;

    ForwardContext(NDArray attentionMask, NDArray promptMask, NDArray positions, NDArray cos, NDArray sin,
            NDArray fullMask, NDArray slidingMask, KvCache cache, int pastLength, Map<String, Object> routingCache,
            NDArray taskIds, AuxiliaryLosses auxiliaryLosses) {
        this.attentionMask = attentionMask;
        this.promptMask = promptMask;
        this.positions = positions;
        this.cos = cos;
        this.sin = sin;
        this.fullMask = fullMask;
        this.slidingMask = slidingMask;
        this.cache = cache;
        this.pastLength = pastLength;
        this.routingCache = routingCache;
        this.taskIds = taskIds;
        this.auxiliaryLosses = auxiliaryLosses;
    }

    /**
     * Finds the context in a forward call's params.
     *
     * @param params the params a block received
     * @return the context
     * @throws IllegalStateException when the block runs outside a {@link DecoderLM}
     */
    public static ForwardContext of(PairList<String, Object> params) {
        ForwardContext ctx = find(params);
        if (ctx == null) {
            throw new IllegalStateException("no " + KEY + " in the forward params: decoder blocks run inside "
                    + "DecoderLM.forward, which creates it");
        }
        return ctx;
    }

    /**
     * Returns the params of a block run on its own, outside a {@link DecoderLM} (a single adapted layer in a test or
     * a benchmark): a context that carries the caller's prompt mask, task ids, routing cache and auxiliary-loss
     * collector, and no attention masks or positions.
     *
     * @param inputs the caller's inputs
     * @return params holding the context under {@link #KEY}
     */
    public static PairList<String, Object> standalone(ForwardInputs inputs) {
        PairList<String, Object> params = new PairList<>();
        params.add(KEY, new ForwardContext(null, inputs.promptMask(), null, null, null, null, null, inputs.kvCache(),
                0, inputs.routingCache(), inputs.taskIds(), inputs.auxiliaryLosses() ? new AuxiliaryLosses() : null));
        return params;
    }

    /**
     * Finds the context in a forward call's params, if there is one.
     *
     * @param params the params a block received, possibly null
     * @return the context, or null when the block runs outside a {@link DecoderLM} (e.g. alone in a test)
     */
    public static ForwardContext find(PairList<String, Object> params) {
        Object o = params == null ? null : params.get(KEY);
        return o instanceof ForwardContext ? (ForwardContext) o : null;
    }

    /**
     * Returns the padding mask of every position, cached and current.
     *
     * @return {@code [B, past + T]}, 1 for real tokens, 0 for padding
     */
    public NDArray attentionMask() {
        return attentionMask;
    }

    /**
     * Returns which current tokens belong to the prompt.
     *
     * @return {@code [B, T]} float, 1 for prompt tokens
     */
    public NDArray promptMask() {
        return promptMask;
    }

    /**
     * Returns the position of each current token (counting real tokens only, so left padding does not shift them).
     *
     * @return {@code [B, T]} int64
     */
    public NDArray positions() {
        return positions;
    }

    /**
     * Returns how many positions were cached before this pass.
     *
     * @return 0 for a full pass or the prompt of a generation
     */
    public int pastLength() {
        return pastLength;
    }

    /**
     * Whether this pass sees the whole prompt (no cached positions).
     *
     * @return true for training and for the first pass of a generation
     */
    public boolean isPrefill() {
        return pastLength == 0;
    }

    /**
     * Returns the cache that lives for one generation, where a router keeps what it computed from the prompt.
     *
     * @return the map, or null outside a generation (compute afresh)
     */
    public Map<String, Object> routingCache() {
        return routingCache;
    }

    /**
     * Keeps an array for the rest of the generation: moves it out of the step's scope into the manager of the
     * routing cache. A router stores such arrays in {@link #routingCache()}.
     *
     * @param array an array computed in this pass
     * @return the same array, now owned by the generation
     * @throws IllegalStateException outside a generation
     */
    public NDArray retain(NDArray array) {
        Object manager = routingCache == null ? null : routingCache.get(ROUTING_CACHE_MANAGER);
        if (!(manager instanceof NDManager)) {
            throw new IllegalStateException("retain() needs a routing cache holding " + ROUTING_CACHE_MANAGER);
        }
        NDScope.unregister(array);
        array.attach((NDManager) manager);
        return array;
    }

    /**
     * Returns each row's task id ({@link ForwardInputs#taskIds()}).
     *
     * @return {@code [B]} int64, or null when the caller gave none
     */
    public NDArray taskIds() {
        return taskIds;
    }

    /**
     * Returns where blocks report auxiliary loss terms.
     *
     * @return the collector, or null when the caller did not ask for auxiliary losses
     */
    public AuxiliaryLosses auxiliaryLosses() {
        return auxiliaryLosses;
    }

    /**
     * Returns the KV cache.
     *
     * @return the cache, or null when the pass recomputes everything
     */
    public KvCache kvCache() {
        return cache;
    }

    NDArray cos() {
        return cos;
    }

    NDArray sin() {
        return sin;
    }

    /**
     * Returns the additive attention mask of a layer.
     *
     * @param sliding whether the layer attends within the sliding window only
     * @return {@code [B, 1, T, past + T]}: 0 where allowed, the most negative float elsewhere
     */
    NDArray additiveMask(boolean sliding) {
        return sliding ? slidingMask : fullMask;
    }
}
