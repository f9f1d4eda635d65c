package org.badit.lora.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Names from files never become paths outside the output directory. */
class PathSegmentsTest {

    @Test
    void hostileNamesAreRefusedWithTheirOrigin() {
        for (String bad : new String[] {"../etc", "..", ".", "/abs/path", "a/b", "a\\b", "nul\0byte", "tab\tname",
            ".hidden", "", "x".repeat(201)}) {
            assertFalse(PathSegments.isSafe(bad), bad);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> PathSegments.resolve(Path.of("out"), bad, "task name in tasks.txt line 3"));
            assertTrue(e.getMessage().startsWith("task name in tasks.txt line 3: '"), e.getMessage());
            assertFalse(e.getMessage().contains("\0"), "control characters are escaped in the message");
        }
    }

    @Test
    void plainNamesResolveInsideTheDirectory() {
        for (String ok : new String[] {"task363_sst2_polarity_classification", "01-task", "a..b", "naïve café"}) {
            assertTrue(PathSegments.isSafe(ok), ok);
            assertEquals(Path.of("out", ok), PathSegments.resolve(Path.of("out"), ok, "task"));
        }
    }
}
