package org.badit.lora.io;

import java.nio.file.Path;

/**
 * Names from files (task names, instance ids, row labels) that become directory or file names in the output: each
 * must be one plain path segment, so that no content can write outside the output directory.
 */
public final class PathSegments {

    private static final int MAX_LENGTH = 200;

    private PathSegments() {}

    /**
     * Checks that a name is one safe path segment: not empty, at most 200 characters, no {@code /}, {@code \},
     * NUL or other control characters, not {@code .} or {@code ..}, and not starting with a dot (no hidden files).
     *
     * @param name the name
     * @param what what the name is and where it came from, for the error ("task name in FILE line 3")
     * @return the name
     * @throws IllegalArgumentException naming {@code what} when the name is unsafe
     */
    public static String require(String name, String what) {
        String problem = problem(name);
        if (problem != null) {
            throw new IllegalArgumentException(what + ": '" + printable(name) + "' cannot be used as a file name ("
                    + problem + ")");
        }
        return name;
    }

    /**
     * Tells whether a name is one safe path segment (see {@link #require}).
     *
     * @param name the name
     * @return true when it is
     */
    public static boolean isSafe(String name) {
        return problem(name) == null;
    }

    /**
     * Resolves a name under a directory after checking it.
     *
     * @param dir the directory
     * @param name the name
     * @param what what the name is, for the error
     * @return {@code dir/name}, guaranteed inside {@code dir}
     */
    public static Path resolve(Path dir, String name, String what) {
        Path p = dir.resolve(require(name, what));
        if (!p.normalize().startsWith(dir.normalize())) {
            throw new IllegalArgumentException(what + ": '" + printable(name) + "' leaves " + dir);
        }
        return p;
    }

    private static String problem(String name) {
        if (name == null || name.isEmpty()) {
            return "empty";
        }
        if (name.length() > MAX_LENGTH) {
            return "longer than " + MAX_LENGTH + " characters";
        }
        if (name.equals(".") || name.equals("..") || name.startsWith(".")) {
            return "starts with a dot";
        }
        for (int i = 0; i < name.length(); i++) {
            char ch = name.charAt(i);
            if (ch == '/' || ch == '\\') {
                return "contains a path separator";
            }
            if (ch < 0x20 || ch == 0x7f) {
                return "contains a control character";
            }
        }
        return null;
    }

    private static String printable(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(name.length(), 60); i++) {
            char ch = name.charAt(i);
            b.append(ch < 0x20 || ch == 0x7f ? String.format("\\u%04x", (int) ch) : String.valueOf(ch));
        }
        return name.length() > 60 ? b + "..." : b.toString();
    }
}
