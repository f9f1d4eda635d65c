package org.badit.examples.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.badit.core.generate.Generator;
import org.badit.core.model.DecoderLM;
import org.badit.core.tokenizer.HfTokenizer;
import org.badit.core.tokenizer.Tokenizer;
import org.badit.lora.engine.Engines;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit generate}: continue a prompt with a Hugging Face model directory. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt (text or token ids): greedy by default, or sampled with a seed.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model directory (config.json, *.safetensors, "
            + "tokenizer.json for text prompts).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--prompt", description = "Prompt text (needs tokenizer.json, or a 259-token byte model).")
        String prompt;

        @Option(names = "--prompt-file", paramLabel = "FILE",
                description = "Prompt from a UTF-8 text file (one final line break is dropped).")
        Path promptFile;

        @Option(names = "--input-ids", split = ",", description = "Prompt as comma-separated token ids.")
        int[] inputIds;
    }

    @Option(names = "--max-new-tokens", required = true, description = "How many tokens to generate at most.")
    int maxNewTokens;

    @Option(names = "--ignore-eos", description = "Keep generating after an end-of-sequence token.")
    boolean ignoreEos;

    @Option(names = "--temperature", defaultValue = "0", description = "Sampling temperature; 0 is greedy "
            + "(default).")
    double temperature;

    @Option(names = "--top-p", defaultValue = "1", description = "Nucleus mass when sampling (default 1).")
    double topP;

    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed (default 0).")
    long seed;

    @Option(names = "--ids", description = "Also print the generated token ids.")
    boolean ids;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
                Tokenizer tokenizer = tokenizer()) {
            DecoderLM lm = DecoderLM.load(model, manager);
            int[] prompt;
            String text = input.promptFile != null ? PromptText.read(input.promptFile) : input.prompt;
            if (text != null) {
                if (tokenizer == null) {
                    throw new IllegalArgumentException("a text prompt needs " + model.resolve(HfTokenizer.FILE_NAME)
                            + "; give --input-ids instead");
                }
                prompt = tokenizer.encode(text);
            } else {
                prompt = input.inputIds;
            }
            Generator.Builder builder = Generator.builder().setModel(lm).optMaxNewTokens(maxNewTokens)
                    .optIgnoreEos(ignoreEos).optTemperature(temperature).optTopP(topP).optSeed(seed);
            if (lm.config().eosTokenIds().isEmpty() && tokenizer != null) {
                builder.optEosTokenIds(tokenizer.eosIds());
            }
            int[] continuation = builder.build().generate(prompt);
            if (tokenizer != null) {
                System.out.println(tokenizer.decode(continuation));
            }
            if (ids || tokenizer == null) {
                System.out.println(Arrays.stream(continuation).mapToObj(Integer::toString)
                        .collect(Collectors.joining(",")));
            }
        }
        return 0;
    }

    private Tokenizer tokenizer() {
        // A byte-level model prints ids for an ids prompt (as before); text prompts and tokenizer.json print text.
        boolean hf = java.nio.file.Files.isRegularFile(model.resolve(HfTokenizer.FILE_NAME));
        return hf || input.inputIds == null ? PromptText.tokenizerOrNull(model) : null;
    }
}
