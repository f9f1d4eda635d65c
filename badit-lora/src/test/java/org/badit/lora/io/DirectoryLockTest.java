package org.badit.lora.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per output directory; a refused or empty run leaves nothing behind. */
class DirectoryLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondHolderIsRefusedUntilTheFirstReleases() {
        Path out = dir.resolve("run");
        try (DirectoryLock first = DirectoryLock.acquire(out)) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> DirectoryLock.acquire(out));
            assertTrue(e.getMessage().contains("another badit run is writing this directory (pid "), e.getMessage());
        }
        try (DirectoryLock again = DirectoryLock.acquire(out)) {
            assertTrue(Files.exists(again.file()));
        }
    }

    @Test
    void aDirectoryTheLockCreatedGoesAwayWhenNothingWasWritten() throws IOException {
        Path empty = dir.resolve("runs/empty");
        DirectoryLock.acquire(empty).close();
        assertFalse(Files.exists(dir.resolve("runs")), "a refused run leaves no directory, nor the parents it made");
        Path used = dir.resolve("used");
        try (DirectoryLock lock = DirectoryLock.acquire(used)) {
            Files.writeString(used.resolve("config.json"), "{}");
        }
        assertTrue(Files.exists(used.resolve("config.json")));
        Path existing = Files.createDirectories(dir.resolve("existing"));
        DirectoryLock.acquire(existing).close();
        assertTrue(Files.isDirectory(existing), "a directory that was there before stays");
    }
}
