package org.badit.examples.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.badit.core.model.ModelConfig;
import org.badit.core.tokenizer.ByteTokenizer;
import org.badit.core.tokenizer.HfTokenizer;
import org.badit.core.tokenizer.Tokenizer;

/** Prompt text as users give it (a flag or a UTF-8 file) and the tokenizer of a model directory. */
final class PromptText {

    private PromptText() {}

    /**
     * Reads a prompt file as UTF-8, strictly (malformed bytes are an error, not replacement characters). One final
     * line break, which editors add, is dropped; everything else is kept as written.
     *
     * @param file the file
     * @return its text
     */
    static String read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such prompt file");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (text.endsWith("\r\n")) {
            return text.substring(0, text.length() - 2);
        }
        return text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
    }

    /**
     * Opens a model directory's tokenizer: its {@code tokenizer.json}, or the byte tokenizer for a byte-level model.
     *
     * @param model the model directory
     * @return the tokenizer, or null when there is none
     */
    static Tokenizer tokenizerOrNull(Path model) {
        if (Files.isRegularFile(model.resolve(HfTokenizer.FILE_NAME))) {
            return HfTokenizer.open(model);
        }
        if (Files.isRegularFile(model.resolve(ModelConfig.FILE_NAME))
                && ModelConfig.read(model).vocabSize() == ByteTokenizer.VOCAB_SIZE) {
            return new ByteTokenizer();
        }
        return null;
    }
}
