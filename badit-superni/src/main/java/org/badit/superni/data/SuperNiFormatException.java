package org.badit.superni.data;

/** A SuperNI file (task, split list, predictions, references) is malformed; the message names file and field. */
public class SuperNiFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, naming the file and the field
     */
    public SuperNiFormatException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its cause.
     *
     * @param message what is wrong, naming the file and the field
     * @param cause the underlying parse error
     */
    public SuperNiFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
