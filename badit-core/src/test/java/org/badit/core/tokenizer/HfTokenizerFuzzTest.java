package org.badit.core.tokenizer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.badit.core.model.ModelFormatException;
import org.badit.lora.testing.FuzzHarness;
import org.badit.lora.testing.Mutator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of {@link HfTokenizer#open}: a model directory with a mutated {@code tokenizer.json} or
 * {@code generation_config.json} / {@code tokenizer_config.json}. The only outcomes allowed are a tokenizer (which then
 * encodes a sentence) or a {@link ModelFormatException} naming the file ({@link FuzzHarness}).
 */
class HfTokenizerFuzzTest {

    static final String TOKENIZER = """
            {"version": "1.0", "truncation": null, "padding": null,
             "added_tokens": [
               {"id": 0, "content": "<unk>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
               {"id": 1, "content": "<s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true},
               {"id": 2, "content": "</s>", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}],
             "normalizer": null,
             "pre_tokenizer": {"type": "Whitespace"},
             "post_processor": {"type": "TemplateProcessing",
               "single": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
               "pair": [{"SpecialToken": {"id": "<s>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}},
                        {"Sequence": {"id": "B", "type_id": 1}}],
               "special_tokens": {"<s>": {"id": "<s>", "ids": [1], "tokens": ["<s>"]}}},
             "decoder": null,
             "model": {"type": "WordLevel", "vocab": {"<unk>": 0, "<s>": 1, "</s>": 2, "hello": 3, "world": 4},
                       "unk_token": "<unk>"}}""";
    static final String TOKENIZER_CONFIG = "{\"bos_token\": {\"content\": \"<s>\"}, \"eos_token\": \"</s>\", "
            + "\"pad_token\": \"<unk>\"}";
    static final String GENERATION = "{\"eos_token_id\": [2, 4], \"bos_token_id\": 1, \"pad_token_id\": null}";

    @TempDir
    Path dir;

    private void write(String tokenizer, String tokenizerConfig, String generation) throws IOException {
        Files.writeString(dir.resolve(HfTokenizer.FILE_NAME), tokenizer);
        Files.writeString(dir.resolve("tokenizer_config.json"), tokenizerConfig);
        Files.writeString(dir.resolve("generation_config.json"), generation);
    }

    private void open() {
        try (HfTokenizer t = HfTokenizer.open(dir)) {
            t.decode(t.encode("hello world nope"));
        }
    }

    private static List<byte[]> utf8(String text) {
        return List.of(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void mutatedTokenizerFilesFailOnlyWithModelFormatException() throws IOException {
        write(TOKENIZER, TOKENIZER_CONFIG, GENERATION);
        FuzzHarness.run("hf-tokenizer", Mutator.text(utf8(TOKENIZER)), input -> {
            Files.write(dir.resolve(HfTokenizer.FILE_NAME), input);
            open();
        }, HfTokenizer.FILE_NAME, ModelFormatException.class);
        write(TOKENIZER, TOKENIZER_CONFIG, GENERATION);
        FuzzHarness.run("hf-tokenizer-config", Mutator.text(utf8(TOKENIZER_CONFIG)), input -> {
            Files.write(dir.resolve("tokenizer_config.json"), input);
            open();
        }, "tokenizer_config.json", ModelFormatException.class);
        write(TOKENIZER, TOKENIZER_CONFIG, GENERATION);
        FuzzHarness.run("hf-generation-config", Mutator.text(utf8(GENERATION)), input -> {
            Files.write(dir.resolve("generation_config.json"), input);
            open();
        }, "generation_config.json", ModelFormatException.class);
    }

    /**
     * Found by the fuzzer: token ids and strings of the wrong type were Gson's own exceptions, 4294967298 was read as
     * id 2, and an unk_token missing from the model's vocabulary (seed 14, cases 1210 and 9037) failed the first encode of an unknown
     * word with a bare RuntimeException. A template special token missing from special_tokens made the tokenizers
     * library panic at the first encode, aborting the JVM (the 10,000-input run), and a special token id of 2^31
     * (seed 14, case 6957) an ArithmeticException in encode.
     */
    @Test
    void badIdsAndTokensAreModelFormatExceptionsNamingFileAndField() throws IOException {
        String[][] cases = {
            {TOKENIZER.replace("\"hello\": 3", "\"hello\": \"x\""), TOKENIZER_CONFIG, GENERATION, "tokenizer.json",
                "model.vocab.hello"},
            {TOKENIZER.replace("{\"id\": 1, ", "{\"id\": [1], "), TOKENIZER_CONFIG, GENERATION, "tokenizer.json",
                "added_tokens[1].id"},
            {TOKENIZER.replace("\"world\": 4", "\"world\": 2147483647"), TOKENIZER_CONFIG, GENERATION,
                "tokenizer.json", "model.vocab.world"},
            {TOKENIZER.replace("\"unk_token\": \"<unk>\"", "\"unk_token\": \"<mnk>\""), TOKENIZER_CONFIG,
                GENERATION, "tokenizer.json", "model.unk_token"},
            {TOKENIZER.replace("\"single\": [{\"SpecialToken\": {\"id\": \"<s>\"", "\"single\": [{\"SpecialToken\": {\"id\": \"<t>\""),
                TOKENIZER_CONFIG, GENERATION, "tokenizer.json", "post_processor.single"},
            {TOKENIZER.replace("\"ids\": [1]", "\"ids\": [2147483648]"), TOKENIZER_CONFIG, GENERATION, "tokenizer.json",
                "post_processor.special_tokens.<s>.ids"},
            {TOKENIZER.replace("{\"<unk>\": 0, ", "{\"<\\nk>\": 0, "), TOKENIZER_CONFIG, GENERATION, "tokenizer.json",
                "model.unk_token"},
            {TOKENIZER, "{\"eos_token\": 5}", "{}", "tokenizer_config.json", "eos_token"},
            {TOKENIZER, "{\"bos_token\": {\"content\": null}}", "{}", "tokenizer_config.json", "bos_token.content"},
            {TOKENIZER, TOKENIZER_CONFIG, "{\"eos_token_id\": 4294967298}", "generation_config.json",
                "eos_token_id"},
            {TOKENIZER, TOKENIZER_CONFIG, "{\"bos_token_id\": {}}", "generation_config.json", "bos_token_id"}};
        for (String[] c : cases) {
            write(c[0], c[1], c[2]);
            String message = assertThrows(ModelFormatException.class, this::open, c[4]).getMessage();
            assertTrue(message.contains(c[3]) && message.contains(c[4]), message);
        }
    }
}
