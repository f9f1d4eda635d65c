package org.badit.lora.linalg;

/** A device factorization failed (e.g. a singular matrix for {@code solve}, or no convergence). */
public class LinalgException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed, on what input
     * @param cause the engine's error
     */
    public LinalgException(String message, Throwable cause) {
        super(message, cause);
    }
}
