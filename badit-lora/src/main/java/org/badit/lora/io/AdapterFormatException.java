package org.badit.lora.io;

import java.nio.file.Path;

/** An adapter directory's files are missing, malformed, or do not fit the model; the message names file and field. */
public class AdapterFormatException extends FileFormatException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param file the file at fault
     * @param message what is wrong, naming the key, field or tensor
     */
    public AdapterFormatException(Path file, String message) {
        super(file, message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file at fault
     * @param message what is wrong, naming the key, field or tensor
     * @param cause the underlying error
     */
    public AdapterFormatException(Path file, String message, Throwable cause) {
        super(file, message, cause);
    }
}
