package org.badit.examples.cli;

import com.google.gson.GsonBuilder;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.badit.core.tokenizer.HfTokenizer;
import org.badit.core.tokenizer.Tokenizer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit tokenize}: the token ids of a text, as training and generation will see them. */
@Command(name = "tokenize", mixinStandardHelpOptions = true,
        description = "Print {\"ids\": [...], \"ids_without_special_tokens\": [...], \"tokens\": n, \"decoded\": "
                + "\"...\"} for a text (--text, UTF-8 whatever the locale) or a UTF-8 file (--file).")
final class TokenizeCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Model directory (tokenizer.json, or a byte model).")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--text", description = "The text.")
        String text;

        @Option(names = "--file", paramLabel = "FILE",
                description = "A UTF-8 text file (one final line break is dropped).")
        Path file;
    }

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        String text = input.text != null ? input.text : PromptText.read(input.file);
        try (Tokenizer tokenizer = PromptText.tokenizerOrNull(model)) {
            if (tokenizer == null) {
                throw new IllegalArgumentException(model.resolve(HfTokenizer.FILE_NAME) + ": not found, and the "
                        + "model is not a byte-level one");
            }
            int[] ids = tokenizer.encode(text, true);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("ids", ids);
            out.put("ids_without_special_tokens", tokenizer.encode(text, false));
            out.put("tokens", ids.length);
            out.put("decoded", tokenizer.decode(ids, true));
            System.out.println(new GsonBuilder().disableHtmlEscaping().create().toJson(out));
        }
        return 0;
    }
}
