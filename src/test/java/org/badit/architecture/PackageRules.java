package org.badit.architecture;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Reads the "May import" declarations of every main package's {@code package-info.java}. */
final class PackageRules {

    private static final Pattern PACKAGE = Pattern.compile("^package ([a-z0-9.]+);", Pattern.MULTILINE);
    private static final Pattern MAY_IMPORT = Pattern.compile("<p>May import:(.*?)(?:\\n \\*\\s*\\n| \\*/)",
            Pattern.DOTALL);
    private static final Pattern CODE = Pattern.compile("\\{@code (org\\.badit\\.[a-z0-9.]+)}");

    private PackageRules() {}

    /** The repository root: the working directory of the examples module's tests is {@code examples/}. */
    static Path repositoryRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("badit-core")) ? here : here.getParent();
    }

    /**
     * Returns, per package with a {@code package-info.java} under a module's {@code src/main/java}, the BADIT-J
     * packages it may import (empty: none).
     */
    static Map<String, List<String>> read(Path root) throws IOException {
        Map<String, List<String>> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root, 12)) {
            for (Path f : files.filter(p -> p.getFileName().toString().equals("package-info.java")
                    && p.toString().contains("/src/main/java/") && !p.toString().contains("/target/")).toList()) {
                String text = Files.readString(f);
                Matcher pkg = PACKAGE.matcher(text);
                Matcher may = MAY_IMPORT.matcher(text);
                if (!pkg.find() || !may.find()) {
                    continue;
                }
                List<String> allowed = new ArrayList<>();
                Matcher code = CODE.matcher(may.group(1));
                while (code.find()) {
                    allowed.add(code.group(1));
                }
                out.put(pkg.group(1), allowed);
            }
        }
        return out;
    }
}
