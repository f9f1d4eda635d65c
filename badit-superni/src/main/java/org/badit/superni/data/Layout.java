package org.badit.superni.data;

import java.nio.file.Files;
import java.nio.file.Path;

/** The two folder layouts SuperNI data comes in. */
public enum Layout {
    /** natural-instructions: {@code tasks/<task>.json} and {@code splits/<track>/<split>_tasks.txt}. */
    NATURAL_INSTRUCTIONS,
    /** The CL benchmark of the BADIT paper: {@code <task>/train.json} and {@code <task>/test.json}. */
    CL_BENCHMARK;

    /**
     * Recognizes the layout of a folder.
     *
     * @param root the data folder
     * @return the layout
     * @throws SuperNiFormatException when the folder is neither
     */
    public static Layout detect(Path root) {
        if (!Files.isDirectory(root)) {
            throw new SuperNiFormatException(root + ": no such data directory");
        }
        if (Files.isDirectory(root.resolve("tasks")) && Files.isDirectory(root.resolve("splits"))) {
            return NATURAL_INSTRUCTIONS;
        }
        try (var children = Files.list(root)) {
            if (children.anyMatch(p -> Files.isRegularFile(p.resolve("train.json"))
                    || Files.isRegularFile(p.resolve("test.json")))) {
                return CL_BENCHMARK;
            }
        } catch (java.io.IOException e) {
            throw new SuperNiFormatException(root + ": cannot list the folder: " + e.getMessage(), e);
        }
        throw new SuperNiFormatException(root + ": neither tasks/ + splits/ (natural-instructions) nor"
                + " <task>/train.json|test.json (CL benchmark)");
    }
}
