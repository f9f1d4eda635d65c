package org.badit.superni.data;

/** Which task list (original layout) or which file per task (CL layout) to load. */
public enum Split {
    /** {@code train_tasks.txt}, or {@code train.json} in the CL layout. */
    TRAIN("train"),
    /** {@code test_tasks.txt}, or {@code test.json} in the CL layout. */
    TEST("test"),
    /** {@code excluded_tasks.txt} (original layout only). */
    EXCLUDED("excluded");

    private final String key;

    Split(String key) {
        this.key = key;
    }

    /**
     * The split's name in file names.
     *
     * @return {@code train}, {@code test} or {@code excluded}
     */
    public String key() {
        return key;
    }
}
