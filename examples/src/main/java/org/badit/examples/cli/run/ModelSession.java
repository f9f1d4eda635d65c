package org.badit.examples.cli.run;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.badit.core.model.DecoderLM;
import org.badit.core.tokenizer.ByteTokenizer;
import org.badit.core.tokenizer.HfTokenizer;
import org.badit.core.tokenizer.Tokenizer;

/**
 * A checkpoint loaded for training or evaluation: the model and its tokenizer.
 *
 * @param model the model
 * @param tokenizer its tokenizer
 */
public record ModelSession(DecoderLM model, Tokenizer tokenizer) {

    /**
     * Loads a checkpoint directory: {@code tokenizer.json} through the Hugging Face tokenizer, or the byte tokenizer
     * for models trained from scratch on bytes (vocabulary {@value ByteTokenizer#VOCAB_SIZE}).
     *
     * @param dir the checkpoint directory
     * @param manager the manager (and device) of the weights
     * @return the session
     */
    public static ModelSession open(Path dir, NDManager manager) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such model directory");
        }
        DecoderLM model = DecoderLM.load(dir, manager);
        Tokenizer tokenizer;
        if (Files.isRegularFile(dir.resolve("tokenizer.json"))) {
            tokenizer = HfTokenizer.open(dir);
        } else if (model.config().vocabSize() == ByteTokenizer.VOCAB_SIZE) {
            tokenizer = new ByteTokenizer();
        } else {
            throw new IllegalArgumentException(dir + ": no tokenizer.json, and the vocabulary (" + model.config()
                    .vocabSize() + ") is not the byte tokenizer's (" + ByteTokenizer.VOCAB_SIZE + ")");
        }
        return new ModelSession(model, tokenizer);
    }
}
