package org.badit.lora.io;

import java.nio.file.Path;

/**
 * A file that cannot be used as it is: the message starts with the file and names the key, field or tensor at
 * fault. The kinds of file each have a subclass ({@link SafetensorsException}, {@link AdapterFormatException}, the
 * core's {@code ModelFormatException}) so a caller can tell them apart.
 */
public class FileFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * Creates the exception.
     *
     * @param file the file (or directory) at fault
     * @param message what is wrong, naming the key, field or tensor
     */
    public FileFormatException(Path file, String message) {
        super(file + ": " + message);
        this.file = file;
    }

    /**
     * Creates the exception with a cause.
     *
     * @param file the file (or directory) at fault
     * @param message what is wrong, naming the key, field or tensor
     * @param cause the underlying error
     */
    public FileFormatException(Path file, String message, Throwable cause) {
        super(file + ": " + message, cause);
        this.file = file;
    }

    /**
     * Returns the file at fault.
     *
     * @return the path as given
     */
    public Path file() {
        return file;
    }
}
