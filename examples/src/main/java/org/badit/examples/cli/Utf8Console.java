package org.badit.examples.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command-line text is UTF-8 whatever the locale. Under {@code LC_ALL=C} the JVM decodes {@code argv} and encodes
 * {@code System.out} as ASCII, so {@code --prompt café} would reach the tokenizer as {@code caf??}. On Linux the
 * original argument bytes are still in {@code /proc/self/cmdline}; they are decoded again as UTF-8, and standard
 * output and error are re-opened as UTF-8.
 */
final class Utf8Console {

    private Utf8Console() {}

    /**
     * Returns the arguments decoded as UTF-8 (unchanged when the JVM already decoded them so, or off Linux).
     *
     * @param args the arguments as the JVM decoded them
     * @return the arguments as the user typed them
     */
    static String[] arguments(String[] args) {
        if (isUtf8(System.getProperty("sun.jnu.encoding")) || args.length == 0) {
            return args;
        }
        try {
            return recover(args, Files.readAllBytes(Path.of("/proc/self/cmdline")));
        } catch (IOException | RuntimeException e) {
            return args;
        }
    }

    /**
     * Decodes the last {@code args.length} NUL-terminated entries of a raw command line as UTF-8, if they line up
     * with the JVM's own decoding (every argument it decoded cleanly, ASCII without {@code ?}, must be equal); otherwise the JVM's arguments.
     *
     * @param args the JVM's arguments
     * @param cmdline {@code /proc/self/cmdline}: every argument of the process, each followed by a NUL byte
     * @return the recovered arguments
     */
    static String[] recover(String[] args, byte[] cmdline) {
        List<String> entries = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < cmdline.length; i++) {
            if (cmdline[i] == 0) {
                entries.add(new String(cmdline, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (entries.size() < args.length) {
            return args;
        }
        List<String> tail = entries.subList(entries.size() - args.length, entries.size());
        String[] out = new String[args.length];
        for (int i = 0; i < args.length; i++) {
            // An argument the JVM could decode (ASCII, no replacement character) must be the same entry.
            boolean clean = args[i].chars().allMatch(c -> c < 0x80 && c != '?');
            if (clean && !args[i].equals(tail.get(i)) || tail.get(i).length() > args[i].length()) {
                return args; // not the same command line (e.g. a launcher rewrote it): keep the JVM's
            }
            out[i] = tail.get(i);
        }
        return out;
    }

    /** Re-opens standard output and error as UTF-8 when the platform encoding is something else. */
    static void useUtf8Output() {
        if (!isUtf8(System.getProperty("stdout.encoding", Charset.defaultCharset().name()))) {
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        }
    }

    private static boolean isUtf8(String encoding) {
        try {
            return encoding != null && Charset.forName(encoding).equals(StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            return false;
        }
    }
}
