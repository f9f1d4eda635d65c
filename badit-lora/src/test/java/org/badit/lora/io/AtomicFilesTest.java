package org.badit.lora.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A failed write (disk full, quota, size limit) leaves the previous file intact, no temporary file, a clear error. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void aWriteThatFailsHalfwayKeepsThePreviousFile() throws IOException {
        Path target = dir.resolve("report.json");
        AtomicFiles.writeString(target, "{\"previous\": true}\n");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, ch -> {
            ch.write(ByteBuffer.wrap("{\"half\": ".getBytes()));
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().contains(target.toString()) && e.getMessage().contains("No space left on device")
                && e.getMessage().contains("previous version is intact"), e.getMessage());
        assertEquals("{\"previous\": true}\n", Files.readString(target));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void aFailedFirstWriteSaysNothingWasWritten() {
        Path target = dir.resolve("new.json");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> AtomicFiles.write(target, ch -> {
            throw new IOException("File too large");
        }));
        assertTrue(e.getMessage().contains("nothing was written"), e.getMessage());
        assertFalse(Files.exists(target));
    }

    @Test
    void temporaryFilesAreRecognisedByName() throws IOException {
        Path tmp = Files.writeString(dir.resolve(".params.safetensors.123456.tmp"), "x");
        assertTrue(AtomicFiles.isTemporary(tmp));
        assertFalse(AtomicFiles.isTemporary(Files.writeString(dir.resolve("params.safetensors"), "x")));
    }
}
