package org.badit.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Memory counters of this process from Linux's {@code /proc/self/status} (0 elsewhere). */
final class ProcStatus {

    private static final Path STATUS = Path.of("/proc/self/status");

    private ProcStatus() {}

    /**
     * Reads one counter in kB, e.g. {@code VmHWM} (peak resident set), {@code VmRSS}, {@code RssAnon}.
     */
    static long kb(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    /** Resets VmHWM to the current RSS (Linux: writing 5 to clear_refs); false when not permitted. */
    static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
