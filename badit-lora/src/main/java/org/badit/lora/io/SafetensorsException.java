package org.badit.lora.io;

import java.nio.file.Path;

/** A safetensors file or checkpoint is malformed or does not match what was asked of it. */
public class SafetensorsException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the file at fault
     * @param message what is wrong, naming the key, field or tensor
     */
    public SafetensorsException(Path file, String message) {
        super(file, message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file at fault
     * @param message what is wrong, naming the key, field or tensor
     * @param cause the underlying error
     */
    public SafetensorsException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
