package org.badit.core.generate;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.badit.core.model.ForwardInputs;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ForwardContext;
import org.badit.core.model.KvCache;

/**
 * Autoregressive decoding of a batch of prompts of different lengths: prompts are left-padded, the KV cache is filled
 * by one pass over the prompts and extended by one token per step (or, for comparison, every step recomputes the
 * whole sequence). Greedy by default; sampling with temperature, top-p and a seed.
 *
 * <p>Every step's arrays live in an {@link NDScope} closed at the end of the step, so native memory stays flat over
 * long generations. A row that emits an end-of-sequence id stops (its later positions are padding) unless EOS is
 * ignored; the EOS id itself is part of the returned continuation.
 *
 * <pre>{@code
 * Generator gen = Generator.builder().setModel(lm).optMaxNewTokens(50).build();
 * List<int[]> continuations = gen.generate(List.of(promptA, promptB));
 * }</pre>
 */
public final class Generator {

    private final DecoderLM model;
    private final int maxNewTokens;
    private final double temperature;
    private final double topP;
    private final long seed;
    private final boolean ignoreEos;
    private final Set<Integer> eosIds;
    private final int padId;
    private final boolean useKvCache;
    private final NDArray taskIds;
    private Timing lastTiming = new Timing(0, 0, 0, 0, 0, 0);

    /**
     * Where the last {@link #generate} call spent its time. With the KV cache the prefill is the first forward (the
     * prompts, one pass) and each later step decodes one token per row; without it every step recomputes the sequence
     * and counts as decoding after the first.
     *
     * @param rows the batch size
     * @param promptTokens the prompts' tokens (without padding)
     * @param generatedTokens tokens emitted by rows still running (a row's EOS included, padding after it not)
     * @param decodeSteps forward passes after the prefill
     * @param prefillNanos wall time of the first forward, its argmax and the read-back
     * @param decodeNanos wall time of the later steps
     */
    public record Timing(int rows, long promptTokens, long generatedTokens, int decodeSteps, long prefillNanos,
            long decodeNanos) {}

    private Generator(Builder b) {
        this.model = b.model;
        this.maxNewTokens = b.maxNewTokens;
        this.temperature = b.temperature;
        this.topP = b.topP;
        this.seed = b.seed;
        this.ignoreEos = b.ignoreEos;
        this.eosIds = b.eosIds != null ? new HashSet<>(b.eosIds) : new HashSet<>(model.config().eosTokenIds());
        Integer pad = b.padId != null ? b.padId : model.config().padTokenId();
        this.padId = pad != null ? pad : eosIds.isEmpty() ? 0 : eosIds.iterator().next();
        this.useKvCache = b.useKvCache;
        this.taskIds = b.taskIds;
    }

    /**
     * Creates a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Continues one prompt.
     *
     * @param prompt the prompt's token ids (not empty)
     * @return the new token ids
     */
    public int[] generate(int[] prompt) {
        return generate(List.of(prompt)).get(0);
    }

    /**
     * Continues a batch of prompts together.
     *
     * @param prompts the prompts' token ids (each not empty; lengths may differ)
     * @return the new token ids of each prompt, in order
     */
    public List<int[]> generate(List<int[]> prompts) {
        int batch = prompts.size();
        if (batch == 0) {
            return List.of();
        }
        int promptLen = 0;
        for (int[] p : prompts) {
            if (p.length == 0) {
                throw new IllegalArgumentException("empty prompt");
            }
            int vocab = model.config().vocabSize();
            for (int id : p) {
                // The embedding lookup would fail deep in the engine ("index out of range in self").
                if (id < 0 || id >= vocab) {
                    throw new IllegalArgumentException("prompt token id " + id + " is outside the model's vocabulary "
                            + "[0, " + vocab + ")");
                }
            }
            promptLen = Math.max(promptLen, p.length);
        }
        int context = model.config().maxPositionEmbeddings();
        if ((long) promptLen + maxNewTokens > context) {
            // Checked before the token buffers and the KV cache are sized by it (a flag's 2^31 would exhaust memory).
            throw new IllegalArgumentException("prompt (" + promptLen + " tokens) + max_new_tokens (" + maxNewTokens
                    + ") exceeds the model's context length (max_position_embeddings " + context + ")");
        }
        int capacity = promptLen + maxNewTokens;
        long[] tokens = new long[batch * capacity];
        long[] mask = new long[batch * capacity];
        for (int b = 0; b < batch; b++) {
            int[] p = prompts.get(b);
            int pad = promptLen - p.length;
            for (int i = 0; i < capacity; i++) {
                tokens[b * capacity + i] = padId;
            }
            for (int i = 0; i < p.length; i++) {
                tokens[b * capacity + pad + i] = p[i];
                mask[b * capacity + pad + i] = 1;
            }
        }
        List<List<Integer>> out = new ArrayList<>();
        for (int b = 0; b < batch; b++) {
            out.add(new ArrayList<>());
        }
        boolean[] done = new boolean[batch];
        TokenSampler sampler = temperature > 0 ? new TokenSampler(temperature, topP, seed) : null;
        int vocab = model.config().vocabSize();

        try (NDManager gen = model.getManager().newSubManager()) {
            ParameterStore ps = new ParameterStore(gen, false);
            KvCache cache = useKvCache ? KvCache.create(gen, model.config(), batch, capacity) : null;
            Map<String, Object> routing = new HashMap<>();
            routing.put(ForwardContext.ROUTING_CACHE_MANAGER, gen);
            int length = promptLen;
            long started = System.nanoTime();
            long prefillNanos = 0;
            int steps = 0;
            for (int step = 0; step < maxNewTokens; step++) {
                if (step == 1) {
                    prefillNanos = System.nanoTime() - started;
                }
                steps = step + 1;
                int[] next;
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    int from = cache != null && step > 0 ? length - 1 : 0;
                    NDArray ids = gen.create(slice(tokens, batch, capacity, from, length),
                            new Shape(batch, length - from));
                    NDArray attention = gen.create(slice(mask, batch, capacity, 0, length), new Shape(batch, length));
                    ForwardInputs inputs = ForwardInputs.NONE.withTaskIds(taskIds).withRoutingCache(routing)
                            .lastPosition();
                    if (cache != null) {
                        inputs = inputs.withKvCache(cache);
                    } else {
                        // Recomputing: only the original prompt tokens are the prompt.
                        float[] prompt = new float[batch * length];
                        for (int b = 0; b < batch; b++) {
                            for (int i = 0; i < promptLen; i++) {
                                prompt[b * length + i] = mask[b * capacity + i];
                            }
                        }
                        inputs = inputs.withPromptMask(gen.create(prompt, new Shape(batch, length)));
                    }
                    NDArray logits = model.logits(ps, ids, attention, false, inputs).reshape(batch, vocab);
                    next = sampler == null ? toInts(logits.argMax(-1).toType(DataType.INT64, false).toLongArray())
                            : sampleRows(sampler, logits.toFloatArray(), batch, vocab);
                }
                boolean allDone = true;
                for (int b = 0; b < batch; b++) {
                    int token = done[b] ? padId : next[b];
                    if (!done[b]) {
                        out.get(b).add(token);
                        done[b] = !ignoreEos && eosIds.contains(token);
                    }
                    tokens[b * capacity + length] = token;
                    mask[b * capacity + length] = 1;
                    allDone &= done[b];
                }
                length++;
                if (allDone) {
                    break;
                }
            }
            long total = System.nanoTime() - started;
            if (steps == 1) {
                prefillNanos = total;
            }
            long promptTokens = 0;
            long generated = 0;
            for (int b = 0; b < batch; b++) {
                promptTokens += prompts.get(b).length;
                generated += out.get(b).size();
            }
            lastTiming = new Timing(batch, promptTokens, generated, steps - 1, prefillNanos, total - prefillNanos);
        }
        List<int[]> result = new ArrayList<>();
        for (List<Integer> row : out) {
            result.add(row.stream().mapToInt(Integer::intValue).toArray());
        }
        return result;
    }

    /**
     * Returns where the last {@link #generate} call spent its time.
     *
     * @return the timing (all zero before the first call)
     */
    public Timing lastTiming() {
        return lastTiming;
    }

    private static long[] slice(long[] rows, int batch, int stride, int from, int to) {
        long[] out = new long[batch * (to - from)];
        for (int b = 0; b < batch; b++) {
            System.arraycopy(rows, b * stride + from, out, b * (to - from), to - from);
        }
        return out;
    }

    private static int[] toInts(long[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.toIntExact(values[i]);
        }
        return out;
    }

    private static int[] sampleRows(TokenSampler sampler, float[] logits, int batch, int vocab) {
        int[] out = new int[batch];
        for (int b = 0; b < batch; b++) {
            out[b] = sampler.sample(logits, b * vocab, vocab);
        }
        return out;
    }

    /** Builds a {@link Generator}: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {
        private DecoderLM model;
        private int maxNewTokens = 32;
        private double temperature;
        private double topP = 1.0;
        private long seed;
        private boolean ignoreEos;
        private List<Integer> eosIds;
        private Integer padId;
        private boolean useKvCache = true;
        private NDArray taskIds;

        Builder() {}

        /**
         * Sets the model.
         *
         * @param model the model (weights loaded)
         * @return this builder
         */
        public Builder setModel(DecoderLM model) {
            this.model = model;
            return this;
        }

        /**
         * Sets how many tokens to generate at most (default 32).
         *
         * @param maxNewTokens at least 1
         * @return this builder
         */
        public Builder optMaxNewTokens(int maxNewTokens) {
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("max_new_tokens must be >= 1, got " + maxNewTokens);
            }
            this.maxNewTokens = maxNewTokens;
            return this;
        }

        /**
         * Sets the sampling temperature; 0 (the default) decodes greedily.
         *
         * @param temperature 0 or positive
         * @return this builder
         */
        public Builder optTemperature(double temperature) {
            if (temperature < 0 || Double.isNaN(temperature)) {
                throw new IllegalArgumentException("temperature must be >= 0, got " + temperature);
            }
            this.temperature = temperature;
            return this;
        }

        /**
         * Sets the nucleus mass when sampling (default 1: no truncation).
         *
         * @param topP in (0, 1]
         * @return this builder
         */
        public Builder optTopP(double topP) {
            if (!(topP > 0 && topP <= 1)) {
                throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
            }
            this.topP = topP;
            return this;
        }

        /**
         * Sets the sampling seed (default 0).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Keeps generating after an end-of-sequence token.
         *
         * @param ignoreEos true to always generate {@code maxNewTokens}
         * @return this builder
         */
        public Builder optIgnoreEos(boolean ignoreEos) {
            this.ignoreEos = ignoreEos;
            return this;
        }

        /**
         * Sets the end-of-sequence ids (default: the config's {@code eos_token_id}).
         *
         * @param eosIds the ids
         * @return this builder
         */
        public Builder optEosTokenIds(List<Integer> eosIds) {
            this.eosIds = List.copyOf(eosIds);
            return this;
        }

        /**
         * Sets the padding id (default: the config's {@code pad_token_id}, else an EOS id, else 0).
         *
         * @param padId the id
         * @return this builder
         */
        public Builder optPadTokenId(int padId) {
            this.padId = padId;
            return this;
        }

        /**
         * Chooses between the KV cache (default) and recomputing the whole sequence at every step.
         *
         * @param useKvCache false to recompute
         * @return this builder
         */
        public Builder optKvCache(boolean useKvCache) {
            this.useKvCache = useKvCache;
            return this;
        }

        /**
         * Sets the task id of every row, passed to every forward call (the task router reads them).
         *
         * @param taskIds {@code [B]} int64, one per prompt of a {@code generate} call
         * @return this builder
         */
        public Builder optTaskIds(NDArray taskIds) {
            this.taskIds = taskIds;
            return this;
        }

        /**
         * Builds the generator.
         *
         * @return the generator
         */
        public Generator build() {
            if (model == null) {
                throw new IllegalArgumentException("setModel is required");
            }
            return new Generator(this);
        }
    }
}
