package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.badit.examples.cli.Badit;
import org.junit.jupiter.api.Test;

/** The command line runs offline and reports a working PyTorch. */
class EnvCommandTest {

    @Test
    void envPrintsPyTorchOffline() {
        PrintStream old = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Badit.execute("env");
        } finally {
            System.setOut(old);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        assertEquals(0, code, text);
        assertTrue(text.contains("PyTorch"), text);
        assertTrue(text.contains("2.7.1") || text.contains("2.5.1"), text);
        assertTrue(text.matches("(?s).*offline\\s+true.*"), text);
        assertTrue(text.contains("smoke_test_matmul      ok"), text);
    }

    @Test
    void unknownCommandIsAClearErrorNotATrace() {
        assertEquals(2, Badit.execute("no-such-command"));
    }
}
