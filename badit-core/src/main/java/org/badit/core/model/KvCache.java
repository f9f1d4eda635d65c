package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * The keys and values of every layer for the tokens seen so far, so each decoding step computes only the new token.
 *
 * <p>Buffers are allocated once, {@code [B, kvHeads, capacity, D]} per layer, in the cache's own manager, and written
 * in place: memory stays flat however many tokens are generated. Keys are stored after RoPE. A forward pass writes
 * each layer at offset {@link #length()}; {@link DecoderLM} then calls {@link #advance(int)}.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    private final int batch;
    private final int capacity;
    private final NDArray[] keys;
    private final NDArray[] values;
    private int length;

    private KvCache(NDManager manager, int layers, int batch, int capacity) {
        this.manager = manager;
        this.batch = batch;
        this.capacity = capacity;
        this.keys = new NDArray[layers];
        this.values = new NDArray[layers];
    }

    /**
     * Creates an empty cache.
     *
     * @param parent the manager whose device holds the cache (a sub-manager is created and closed with the cache)
     * @param config the model's configuration
     * @param batch the batch size B
     * @param capacity the most tokens (prompt + generated) it will hold
     * @return the cache
     */
    public static KvCache create(NDManager parent, ModelConfig config, int batch, int capacity) {
        return new KvCache(parent.newSubManager(), config.numLayers(), batch, capacity);
    }

    /**
     * Returns how many positions are cached.
     *
     * @return the cached length
     */
    public int length() {
        return length;
    }

    /**
     * Returns how many positions fit.
     *
     * @return the capacity
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Writes a layer's new keys and values after the cached ones and returns all of them.
     *
     * @param layer the layer index
     * @param k the new keys {@code [B, kvHeads, T, D]}
     * @param v the new values {@code [B, kvHeads, T, D]}
     * @return keys and values {@code [B, kvHeads, length + T, D]} (views of the buffers)
     */
    public NDList append(int layer, NDArray k, NDArray v) {
        Shape s = k.getShape();
        long t = s.get(2);
        if (s.get(0) != batch) {
            throw new IllegalArgumentException("cache holds batch " + batch + ", got keys " + s);
        }
        if (length + t > capacity) {
            throw new IllegalStateException("KV cache full: " + length + " + " + t + " > capacity " + capacity);
        }
        if (keys[layer] == null) {
            Shape full = new Shape(batch, s.get(1), capacity, s.get(3));
            keys[layer] = manager.zeros(full, k.getDataType(), k.getDevice());
            values[layer] = manager.zeros(full, v.getDataType(), v.getDevice());
            // The first write may happen inside a step's NDScope; the buffers outlive it.
            NDScope.unregister(keys[layer], values[layer]);
        }
        NDIndex fresh = new NDIndex(":, :, {}:{}", length, length + t);
        keys[layer].set(fresh, k);
        values[layer].set(fresh, v);
        NDIndex seen = new NDIndex(":, :, :{}", length + t);
        return new NDList(keys[layer].get(seen), values[layer].get(seen));
    }

    /**
     * Marks tokens as cached, after every layer has appended them.
     *
     * @param tokens the number of new positions
     */
    public void advance(int tokens) {
        length += tokens;
    }

    /** Frees the buffers. */
    @Override
    public void close() {
        manager.close();
    }
}
