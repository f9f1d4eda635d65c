package org.badit.superni.prompt;

import java.util.List;
import java.util.function.ToIntFunction;
import org.badit.superni.Example;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;
import org.badit.superni.metrics.ExactMatch;

/**
 * Tk-Instruct's prompt encodings ({@code DataCollatorForNI}): optional task name, {@code Definition: ...}, up to k
 * positive and k negative examples (optionally with explanations), then {@code Now complete the following example}.
 * Every piece is stripped (Python's {@code strip()}) and gets a final {@code .} unless it already ends in ASCII
 * punctuation, exactly as the reference collator, so the rendered text matches it byte for byte.
 *
 * <p>The reference drops a demonstration when the prompt would exceed {@code max_source_length} tokens; give
 * {@link Builder#optTokenLimit(ToIntFunction, int)} to do the same. Truncating the final source to the limit is left
 * to the caller's tokenizer.
 */
public final class TkInstructPrompt implements PromptTemplate {

    private static final String PUNCTUATION = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    private final boolean addTaskName;
    private final boolean addDefinition;
    private final int positive;
    private final int negative;
    private final boolean addExplanation;
    private final ToIntFunction<String> tokenCounter;
    private final int maxTokens;

    private TkInstructPrompt(Builder b) {
        this.addTaskName = b.addTaskName;
        this.addDefinition = b.addDefinition;
        this.positive = b.positive;
        this.negative = b.negative;
        this.addExplanation = b.addExplanation;
        this.tokenCounter = b.tokenCounter;
        this.maxTokens = b.maxTokens;
    }

    /**
     * Creates a builder (defaults: definition only, as Tk-Instruct's {@code def} encoding).
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /** {@inheritDoc} */
    @Override
    public String source(SuperNiTask task, Instance instance) {
        String taskInput = withPeriod("Now complete the following example -\nInput: " + strip(instance.input()))
                + "\nOutput: ";
        String taskName = addTaskName ? task.name() + ". " : "";
        String definition = "";
        if (addDefinition) {
            definition = withPeriod("Definition: " + strip(task.definition())) + "\n\n";
        }
        StringBuilder positives = new StringBuilder();
        // The reference measures " ".join(kept) + candidate (no space before the candidate) but emits "".join(kept).
        StringBuilder positivesSpaced = new StringBuilder();
        List<Example> pos = task.positiveExamples();
        for (int i = 0; i < Math.min(positive, pos.size()); i++) {
            String text = demonstration("Positive", i + 1, pos.get(i));
            String candidate = definition + positivesSpaced + text + taskInput;
            if (!fits(candidate)) {
                break;
            }
            positivesSpaced.append(positivesSpaced.length() > 0 ? " " : "").append(text);
            positives.append(text);
        }
        StringBuilder negatives = new StringBuilder();
        StringBuilder negativesSpaced = new StringBuilder();
        List<Example> neg = task.negativeExamples();
        for (int i = 0; i < Math.min(negative, neg.size()); i++) {
            String text = demonstration("Negative", i + 1, neg.get(i));
            String candidate = definition + positivesSpaced + negativesSpaced + text + taskInput;
            if (!fits(candidate)) {
                break;
            }
            negativesSpaced.append(negativesSpaced.length() > 0 ? " " : "").append(text);
            negatives.append(text);
        }
        return taskName + definition + positives + negatives + taskInput;
    }

    private boolean fits(String text) {
        return tokenCounter == null || tokenCounter.applyAsInt(text) <= maxTokens;
    }

    private String demonstration(String kind, int index, Example example) {
        StringBuilder s = new StringBuilder();
        s.append(withPeriod(" " + kind + " Example " + index + " -\nInput: " + strip(example.input()))).append('\n');
        s.append(withPeriod(" Output: " + strip(example.output()))).append('\n');
        if (addExplanation && example.explanation() != null) {
            s.append(withPeriod(" Explanation: " + strip(example.explanation()))).append('\n');
        }
        return s.append('\n').toString();
    }

    private static String withPeriod(String text) {
        return PUNCTUATION.indexOf(text.charAt(text.length() - 1)) >= 0 ? text : text + ".";
    }

    /** Python's {@code str.strip()}, which also removes Unicode spaces such as NBSP. */
    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && ExactMatch.isPythonSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && ExactMatch.isPythonSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** Builds a {@link TkInstructPrompt}. */
    public static final class Builder {
        private boolean addTaskName;
        private boolean addDefinition = true;
        private int positive;
        private int negative;
        private boolean addExplanation;
        private ToIntFunction<String> tokenCounter;
        private int maxTokens = Integer.MAX_VALUE;

        Builder() {}

        /**
         * Prefixes the task name ({@code <task>. }).
         *
         * @param add whether to add it (default false)
         * @return this builder
         */
        public Builder optTaskName(boolean add) {
            this.addTaskName = add;
            return this;
        }

        /**
         * Adds {@code Definition: ...}.
         *
         * @param add whether to add it (default true)
         * @return this builder
         */
        public Builder optDefinition(boolean add) {
            this.addDefinition = add;
            return this;
        }

        /**
         * Sets the number of positive examples.
         *
         * @param k at most this many (default 0)
         * @return this builder
         */
        public Builder optPositiveExamples(int k) {
            this.positive = k;
            return this;
        }

        /**
         * Sets the number of negative examples.
         *
         * @param k at most this many (default 0)
         * @return this builder
         */
        public Builder optNegativeExamples(int k) {
            this.negative = k;
            return this;
        }

        /**
         * Adds each example's explanation when it has one.
         *
         * @param add whether to add them (default false)
         * @return this builder
         */
        public Builder optExplanation(boolean add) {
            this.addExplanation = add;
            return this;
        }

        /**
         * Drops demonstrations that would make the prompt longer than {@code maxTokens}, as the reference does with
         * {@code max_source_length}.
         *
         * @param counter counts a text's tokens with the model's tokenizer
         * @param maxTokens the limit
         * @return this builder
         */
        public Builder optTokenLimit(ToIntFunction<String> counter, int maxTokens) {
            this.tokenCounter = counter;
            this.maxTokens = maxTokens;
            return this;
        }

        /**
         * Builds the template.
         *
         * @return the template
         */
        public TkInstructPrompt build() {
            return new TkInstructPrompt(this);
        }
    }
}
