package org.badit.core.eval;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.badit.core.data.SuperNiExamples;
import org.badit.core.generate.Generator;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ForwardContext;
import org.badit.core.tokenizer.Tokenizer;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.EvaluationFiles;
import org.badit.superni.metrics.EvaluationReport;
import org.badit.superni.metrics.Prediction;
import org.badit.superni.metrics.SuperNiEvaluator;
import org.badit.superni.metrics.Track;
import org.badit.superni.prompt.AnswerExtractor;
import org.badit.superni.prompt.PaperPrompt;
import org.badit.superni.prompt.PromptTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes answers on SuperNI test instances and scores them with the official metrics, as the BADIT protocol does:
 * greedy decoding of at most 50 new tokens with the KV cache, answer = the continuation's text after the last
 * {@code Output:} (or the whole continuation), stripped; ROUGE-L and exact match per task, per category and overall.
 *
 * <p>Prompts are sorted by length and decoded in batches of similar lengths, so left padding stays small; results go
 * back to task-then-instance order. Each batch carries its rows' task ids ({@code int64 [B]} under
 * {@link ForwardContext#TASK_IDS}, the task's position in the list given to {@link #evaluate}) for a task router, and
 * every batch's arrays live in a sub-manager closed after the batch, so native memory stays flat.
 *
 * <pre>{@code
 * EvaluationResult r = Evaluator.builder().setModel(lm).setTokenizer(tok).build().evaluate(testTasks);
 * r.writePredictions(dir.resolve("predictions.jsonl"));
 * double rougeL = r.report().overall().rougeL();
 * }</pre>
 */
public final class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    private final DecoderLM model;
    private final Tokenizer tokenizer;
    private final PromptTemplate template;
    private final int maxNewTokens;
    private final int batchSize;
    private final int maxPromptTokens;
    private final Track track;
    private final List<Integer> eosIds;

    private Evaluator(Builder b) {
        this.model = b.model;
        this.tokenizer = b.tokenizer;
        this.template = b.template;
        this.maxNewTokens = b.maxNewTokens;
        this.batchSize = b.batchSize;
        this.track = b.track;
        // Either side's EOS stops a row: a tokenizer may know ids (e.g. Llama 3's <|eot_id|>) a config omits.
        java.util.Set<Integer> eos = new java.util.LinkedHashSet<>(tokenizer.eosIds());
        eos.addAll(model.config().eosTokenIds());
        this.eosIds = List.copyOf(eos);
        int room = model.config().maxPositionEmbeddings() - maxNewTokens;
        this.maxPromptTokens = b.maxPromptTokens != null ? b.maxPromptTokens : Math.max(2, room);
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
     * Decodes every instance of the tasks and scores the answers.
     *
     * @param tasks the tasks (e.g. test splits); a task's position in this list is its task id
     * @return the predictions (task then instance order) and the official report
     * @throws IllegalArgumentException when the tasks hold no instance
     */
    public EvaluationResult evaluate(List<SuperNiTask> tasks) {
        Timed timed = predictTimed(tasks);
        List<Prediction> predictions = timed.predictions();
        if (predictions.isEmpty()) {
            throw new IllegalArgumentException("nothing to evaluate: the " + tasks.size() + " task(s) given hold no "
                    + "instance" + (tasks.isEmpty() ? "" : " (e.g. " + tasks.get(0).name() + ")"));
        }
        long t0 = System.nanoTime();
        EvaluationReport report = SuperNiEvaluator.builder().build()
                .score(predictions, EvaluationFiles.references(tasks, track));
        EvaluationThroughput t = timed.throughput();
        EvaluationThroughput throughput = new EvaluationThroughput(t.instances(), t.batches(), t.promptTokens(),
                t.generatedTokens(), t.tokenizeSeconds(), t.prefillSeconds(), t.decodeSeconds(), t.answerSeconds(),
                (System.nanoTime() - t0) / 1e9);
        LOG.info("evaluated {}", throughput.summary());
        return new EvaluationResult(predictions, report, throughput);
    }

    /** Predictions and the timing of producing them (score time 0). */
    private record Timed(List<Prediction> predictions, EvaluationThroughput throughput) {}

    /**
     * Decodes every instance of the tasks, without scoring.
     *
     * @param tasks the tasks; a task's position in this list is its task id
     * @return one prediction per instance, task then instance order
     */
    public List<Prediction> predict(List<SuperNiTask> tasks) {
        return predictTimed(tasks).predictions();
    }

    private Timed predictTimed(List<SuperNiTask> tasks) {
        long tokenizeStart = System.nanoTime();
        List<int[]> prompts = new ArrayList<>();
        List<Integer> taskOf = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int t = 0; t < tasks.size(); t++) {
            SuperNiTask task = tasks.get(t);
            for (Instance instance : task.instances()) {
                int[] encoded = tokenizer.encode(template.source(task, instance), true);
                prompts.add(SuperNiExamples.truncatePrompt(encoded, tokenizer.bosId(), maxPromptTokens));
                taskOf.add(t);
                ids.add(instance.id());
            }
        }
        // Longest first: the first batch shows at once whether the largest one fits in memory.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingInt((Integer i) -> -prompts.get(i).length).thenComparingInt(i -> i));
        String[] answers = new String[prompts.size()];
        long tokenizeNanos = System.nanoTime() - tokenizeStart;
        long t0 = System.nanoTime();
        long prefill = 0;
        long decode = 0;
        long promptTokens = 0;
        long generated = 0;
        int batches = 0;
        for (int from = 0; from < order.size(); from += batchSize) {
            List<Integer> rows = order.subList(from, Math.min(order.size(), from + batchSize));
            Generator.Timing timing = decodeBatch(rows, prompts, taskOf, answers);
            prefill += timing.prefillNanos();
            decode += timing.decodeNanos();
            promptTokens += timing.promptTokens();
            generated += timing.generatedTokens();
            batches++;
        }
        long decodeWall = System.nanoTime() - t0;
        // What the generator did not time in the decoding loop: building each batch's generator, reading back and
        // turning continuations into answers.
        long answerNanos = Math.max(0, decodeWall - prefill - decode);
        LOG.info("decoded {} instances of {} tasks in {} s", prompts.size(), tasks.size(),
                String.format(java.util.Locale.ROOT, "%.1f", decodeWall / 1e9));
        List<Prediction> out = new ArrayList<>(answers.length);
        for (int i = 0; i < answers.length; i++) {
            out.add(new Prediction(ids.get(i), answers[i]));
        }
        return new Timed(out, new EvaluationThroughput(prompts.size(), batches, promptTokens, generated,
                tokenizeNanos / 1e9, prefill / 1e9, decode / 1e9, answerNanos / 1e9, 0));
    }

    /** Decodes one batch, writes its rows' answers and returns the generator's timing. */
    private Generator.Timing decodeBatch(List<Integer> rows, List<int[]> prompts, List<Integer> taskOf,
            String[] answers) {
        List<int[]> batch = new ArrayList<>(rows.size());
        long[] taskIds = new long[rows.size()];
        for (int k = 0; k < rows.size(); k++) {
            batch.add(prompts.get(rows.get(k)));
            taskIds[k] = taskOf.get(rows.get(k));
        }
        List<int[]> continuations;
        Generator.Timing timing;
        // The task ids live as long as the batch; the generator scopes its own per-step arrays.
        try (NDManager sm = model.getManager().newSubManager()) {
            Generator generator = Generator.builder().setModel(model).optMaxNewTokens(maxNewTokens)
                    .optEosTokenIds(eosIds).optPadTokenId(tokenizer.padId()).optTaskIds(sm.create(taskIds)).build();
            continuations = generator.generate(batch);
            timing = generator.lastTiming();
        }
        for (int k = 0; k < rows.size(); k++) {
            answers[rows.get(k)] = answer(tokenizer, continuations.get(k));
        }
        return timing;
    }

    /**
     * The answer in a continuation: decoded without special tokens (so a final EOS vanishes), then the text after
     * the last {@code Output:} if the model repeated the prompt's pattern, stripped as the official scripts do.
     *
     * @param tokenizer the tokenizer
     * @param continuation the generated ids
     * @return the answer
     */
    static String answer(Tokenizer tokenizer, int[] continuation) {
        return AnswerExtractor.answer(tokenizer.decode(continuation, true));
    }

    /** Builds an {@link Evaluator}: {@code set*} required, {@code opt*} optional. */
    public static final class Builder {
        private DecoderLM model;
        private Tokenizer tokenizer;
        private PromptTemplate template = new PaperPrompt();
        private int maxNewTokens = 50;
        private int batchSize = 16;
        private Integer maxPromptTokens;
        private Track track = Track.DEFAULT;

        Builder() {}

        /**
         * Sets the model (base or adapted; its weights decide the device).
         *
         * @param model the model
         * @return this builder
         */
        public Builder setModel(DecoderLM model) {
            this.model = model;
            return this;
        }

        /**
         * Sets the tokenizer (its EOS ids stop decoding, its pad id pads).
         *
         * @param tokenizer the tokenizer
         * @return this builder
         */
        public Builder setTokenizer(Tokenizer tokenizer) {
            this.tokenizer = tokenizer;
            return this;
        }

        /**
         * Sets the prompt template (default {@link PaperPrompt}).
         *
         * @param template the template
         * @return this builder
         */
        public Builder optTemplate(PromptTemplate template) {
            this.template = template;
            return this;
        }

        /**
         * Sets the most tokens generated per instance (default 50, the BADIT protocol).
         *
         * @param maxNewTokens at least 1
         * @return this builder
         */
        public Builder optMaxNewTokens(int maxNewTokens) {
            if (maxNewTokens < 1) {
                throw new IllegalArgumentException("maxNewTokens must be >= 1, got " + maxNewTokens);
            }
            this.maxNewTokens = maxNewTokens;
            return this;
        }

        /**
         * Sets how many prompts decode together (default 16).
         *
         * @param batchSize at least 1
         * @return this builder
         */
        public Builder optBatchSize(int batchSize) {
            if (batchSize < 1) {
                throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /**
         * Sets the prompt budget: longer prompts keep the BOS and their last tokens, as in training (default: the
         * model's {@code max_position_embeddings} minus the new tokens).
         *
         * @param maxPromptTokens at least 2
         * @return this builder
         */
        public Builder optMaxPromptTokens(int maxPromptTokens) {
            if (maxPromptTokens < 2) {
                throw new IllegalArgumentException("maxPromptTokens must be >= 2, got " + maxPromptTokens);
            }
            this.maxPromptTokens = maxPromptTokens;
            return this;
        }

        /**
         * Sets the official track, which picks ROUGE's tokenizer (default {@code default}).
         *
         * @param track {@code default} or {@code xlingual}
         * @return this builder
         */
        public Builder optTrack(String track) {
            this.track = Track.of(track);
            return this;
        }

        /**
         * Builds the evaluator.
         *
         * @return the evaluator
         */
        public Evaluator build() {
            if (model == null) {
                throw new IllegalArgumentException("setModel is required");
            }
            if (tokenizer == null) {
                throw new IllegalArgumentException("setTokenizer is required");
            }
            if (tokenizer.eosIds().isEmpty() && model.config().eosTokenIds().isEmpty()) {
                throw new IllegalArgumentException("neither the tokenizer nor the model config (eos_token_id) names "
                        + "an EOS id: decoding could not stop early");
            }
            return new Evaluator(this);
        }
    }
}
