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

    /**
     * Parses a split name as the split files write it.
     *
     * @param name {@code train}, {@code test} or {@code excluded} (case-insensitive)
     * @return the split
     * @throws IllegalArgumentException for any other name
     */
    public static Split of(String name) {
        for (Split s : values()) {
            if (s.key.equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown split \"" + name + "\" (expected train, test or excluded)");
    }
}
