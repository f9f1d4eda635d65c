package org.badit.core.train;

/** The loss became NaN or infinite; training stopped and the last good checkpoint was kept. */
public class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what diverged where, and which checkpoint is the last good one
     */
    public TrainingDivergedException(String message) {
        super(message);
    }
}
