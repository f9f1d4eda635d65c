package org.badit.core.model;

import java.nio.file.Path;
import org.badit.lora.io.FileFormatException;

/**
 * A checkpoint or configuration that cannot be used: a missing or malformed {@code config.json} key, an unsupported
 * {@code model_type}, a missing tensor, a tensor whose shape disagrees with the configuration, a pickle file. The
 * message always names the file and the key or tensor.
 */
public class ModelFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the file at fault
     * @param message what is wrong, naming the key, field or tensor
     */
    public ModelFormatException(Path file, String message) {
        super(file, message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file at fault
     * @param message what is wrong, naming the key, field or tensor
     * @param cause the underlying error
     */
    public ModelFormatException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
