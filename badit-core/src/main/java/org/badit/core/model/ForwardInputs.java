package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * What a caller gives one forward pass of a {@link DecoderLM} besides the token ids and the padding mask. Every field
 * is optional (null / false); {@link #NONE} has none. The model turns it into the {@link ForwardContext} every block
 * reads, so routers and adapters get typed fields instead of string keys.
 *
 * @param promptMask {@code [B, T]} float, 1 for prompt tokens (training: the instruction and input, not the target).
 *     Null: every real token of a pass without cached positions, none of a decoding step
 * @param taskIds {@code [B]} int64, each row's task (the task router reads it; the model ignores it)
 * @param kvCache a cache to read and extend, or null to recompute everything
 * @param routingCache a mutable map that lives for one generation (a router computes from the prompt once and reuses
 *     it at every decoding step); it must hold the generation's {@code NDManager} under
 *     {@link ForwardContext#ROUTING_CACHE_MANAGER}
 * @param lastPositionOnly compute logits for the last column only (the last token of every row when padding is on
 *     the left, as in generation)
 * @param auxiliaryLosses collect routers' auxiliary losses (LoRAMoE's balance term); {@link ForwardOutput} returns
 *     their mean
 */
public record ForwardInputs(NDArray promptMask, NDArray taskIds, KvCache kvCache, Map<String, Object> routingCache,
        boolean lastPositionOnly, boolean auxiliaryLosses) {

    /** No extras: a plain full pass. */
    public static final ForwardInputs NONE = new ForwardInputs(null, null, null, null, false, false);

    /** The key under which {@code DecoderLM}'s DJL {@code forward(…, params)} finds these inputs, for DJL callers. */
    public static final String KEY = "badit.forward_inputs";

    /**
     * Returns a copy with the prompt mask.
     *
     * @param mask {@code [B, T]} float
     * @return the inputs
     */
    public ForwardInputs withPromptMask(NDArray mask) {
        return new ForwardInputs(mask, taskIds, kvCache, routingCache, lastPositionOnly, auxiliaryLosses);
    }

    /**
     * Returns a copy with the task ids.
     *
     * @param ids {@code [B]} int64
     * @return the inputs
     */
    public ForwardInputs withTaskIds(NDArray ids) {
        return new ForwardInputs(promptMask, ids, kvCache, routingCache, lastPositionOnly, auxiliaryLosses);
    }

    /**
     * Returns a copy with a KV cache.
     *
     * @param cache the cache
     * @return the inputs
     */
    public ForwardInputs withKvCache(KvCache cache) {
        return new ForwardInputs(promptMask, taskIds, cache, routingCache, lastPositionOnly, auxiliaryLosses);
    }

    /**
     * Returns a copy with a routing cache.
     *
     * @param cache the generation's map
     * @return the inputs
     */
    public ForwardInputs withRoutingCache(Map<String, Object> cache) {
        return new ForwardInputs(promptMask, taskIds, kvCache, cache, lastPositionOnly, auxiliaryLosses);
    }

    /**
     * Returns a copy that computes the last position's logits only.
     *
     * @return the inputs
     */
    public ForwardInputs lastPosition() {
        return new ForwardInputs(promptMask, taskIds, kvCache, routingCache, true, auxiliaryLosses);
    }

    /**
     * Returns a copy that collects the routers' auxiliary losses.
     *
     * @param on whether to collect
     * @return the inputs
     */
    public ForwardInputs withAuxiliaryLosses(boolean on) {
        return new ForwardInputs(promptMask, taskIds, kvCache, routingCache, lastPositionOnly, on);
    }
}
