package org.badit.examples.cli;

import java.nio.file.Path;
import org.badit.lora.io.AtomicFiles;
import picocli.CommandLine.Option;

/** Where a command's JSON result goes: always standard output, and a file with {@code --out} (picocli mixin). */
final class JsonOutput {

    @Option(names = {"--out", "--output"}, paramLabel = "FILE", description = "Also write the JSON to this file "
            + "(written atomically).")
    Path out;

    /**
     * Prints the JSON and writes it to {@code --out} when given.
     *
     * @param json the result
     */
    void emit(String json) {
        System.out.println(json);
        if (out != null) {
            AtomicFiles.writeString(out, json + "\n");
        }
    }
}
