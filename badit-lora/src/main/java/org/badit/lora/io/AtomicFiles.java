package org.badit.lora.io;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader (or a run resumed after {@code kill -9}) sees either the old file or the complete new
 * one, never a torn one: write a temporary file beside the target, flush it to disk, then rename it over the target.
 */
public final class AtomicFiles {

    /** The body of a write. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the file's content.
         *
         * @param channel an open channel positioned at 0
         * @throws IOException on failure; the target is then left untouched
         */
        void write(FileChannel channel) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Atomically replaces (or creates) a file.
     *
     * @param target the file
     * @param body writes the content
     */
    public static void write(Path target, Body body) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                body.write(channel);
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
            syncDirectory(dir);
        } catch (IOException e) {
            // Disk full, quota, file-size limit, permissions: the temporary file goes, the old target stays.
            throw new UncheckedIOException("cannot write " + target + " (" + e.getMessage() + "); "
                    + (Files.exists(target) ? "the previous version is intact" : "nothing was written"), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a stray temp file is harmless and named after its target
                }
            }
        }
    }

    /** Makes the rename itself durable (a power cut after it keeps the new name); best effort off Linux. */
    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException | RuntimeException e) {
            // Some platforms cannot open a directory; the rename is still atomic there.
        }
    }

    /**
     * Tells whether a path is one of this class's temporary files (left behind only by a killed process).
     *
     * @param path a path
     * @return true for {@code .<name>.<digits>.tmp}
     */
    public static boolean isTemporary(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        return name.startsWith(".") && name.endsWith(".tmp") && Files.isRegularFile(path);
    }

    /**
     * Atomically writes a UTF-8 text file.
     *
     * @param target the file
     * @param text the content
     */
    public static void writeString(Path target, String text) {
        write(target, channel -> {
            OutputStream out = Channels.newOutputStream(channel);
            out.write(text.getBytes(StandardCharsets.UTF_8));
            out.flush();
        });
    }
}
