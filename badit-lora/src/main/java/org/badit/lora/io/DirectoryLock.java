package org.badit.lora.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on an output directory, so that two processes never write the same run: the second one refuses
 * with a clear message. The lock is the operating system's advisory lock on {@value #FILE_NAME} in the directory,
 * which the kernel releases when the holder exits for any reason ({@code kill -9} included); the file itself stays
 * behind and is harmless, so a killed run never leaves the directory stuck.
 */
public final class DirectoryLock implements AutoCloseable {

    /** The lock file's name inside the locked directory. */
    public static final String FILE_NAME = ".badit.lock";

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;
    /** The topmost directory this lock created ({@code dir} or an ancestor), or null when {@code dir} existed. */
    private final Path createdRoot;

    private DirectoryLock(Path file, FileChannel channel, FileLock lock, Path createdRoot) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
        this.createdRoot = createdRoot;
    }

    /**
     * Creates the directory if needed and locks it.
     *
     * @param dir the output directory
     * @return the held lock; close it to release
     * @throws IllegalStateException when another process (or another run in this one) holds the lock
     */
    public static DirectoryLock acquire(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": is a file, not a directory (an output directory is expected)");
        }
        FileChannel channel = null;
        Path created = null;
        for (Path p = dir.toAbsolutePath().normalize(); p != null && !Files.exists(p); p = p.getParent()) {
            created = p;
        }
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM
            }
            if (lock == null) {
                String holder = readHolder(channel);
                channel.close();
                throw new IllegalStateException(dir + ": another badit run is writing this directory"
                        + (holder.isEmpty() ? "" : " (" + holder + ")") + "; wait for it to end or choose another "
                        + "--output (the lock is " + file + ", released when that process exits)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(("pid " + ManagementFactory.getRuntimeMXBean().getPid() + "\n")
                    .getBytes(StandardCharsets.UTF_8)), 0);
            return new DirectoryLock(file, channel, lock, created);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException(dir + ": cannot lock the output directory (" + file + "): "
                    + e.getMessage(), e);
        }
    }

    private static String readHolder(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(64);
        channel.read(buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).strip();
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // Nothing more to release.
            }
        }
    }

    /**
     * Returns the lock file.
     *
     * @return its path
     */
    public Path file() {
        return file;
    }

    /**
     * Releases the lock. The file stays (it is only a handle for the operating system's lock), except when this lock
     * created the directory and the run wrote nothing into it: a run refused before its first output leaves no trace.
     */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it too.
        }
        closeQuietly(channel);
        if (createdRoot == null) {
            return;
        }
        try {
            try (java.util.stream.Stream<Path> entries = Files.list(file.getParent())) {
                if (!entries.allMatch(file::equals)) {
                    return;
                }
            }
            Files.deleteIfExists(file);
            // The directory and the parents created with it, now empty.
            for (Path p = file.getParent().toAbsolutePath().normalize(); p != null && p.startsWith(createdRoot);
                    p = p.getParent()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // An empty directory left behind is harmless (DirectoryNotEmptyException: someone wrote meanwhile).
        }
    }
}
