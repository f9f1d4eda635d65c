package org.badit.superni;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the project's shared reference data ({@code ../shared}); tests that need it skip when it is absent. */
public final class SharedData {

    private SharedData() {}

    /**
     * Resolves a path under the shared folder, skipping the calling test when it is missing.
     *
     * @param relative a path such as {@code vectors/rouge_vectors.tsv}
     * @return the existing path
     */
    public static Path require(String relative) {
        String dir = System.getProperty("badit.shared.dir");
        Path root = dir == null ? null : Path.of(dir);
        assumeTrue(root != null && Files.isDirectory(root), "../shared not found: skipping");
        Path path = root.resolve(relative);
        assumeTrue(Files.exists(path), root + "/" + relative + " not found: skipping");
        return path;
    }
}
