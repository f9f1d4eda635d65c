package org.badit.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Arguments typed in UTF-8 survive a non-UTF-8 locale. */
class Utf8ConsoleTest {

    private static byte[] cmdline(String... entries) {
        StringBuilder b = new StringBuilder();
        for (String e : entries) {
            b.append(e).append('\0');
        }
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void recoversTheUtf8BytesTheJvmDecodedAsAscii() {
        String[] jvm = {"generate", "--prompt", "caf??", ""};
        byte[] raw = cmdline("java", "-jar", "badit.jar", "generate", "--prompt", "café", "");
        assertArrayEquals(new String[] {"generate", "--prompt", "café", ""}, Utf8Console.recover(jvm, raw));
    }

    @Test
    void keepsTheJvmsArgumentsWhenTheCommandLineDoesNotLineUp() {
        String[] jvm = {"generate", "--prompt", "caf??"};
        byte[] raw = cmdline("java", "-jar", "badit.jar", "generate", "--text", "café");
        assertArrayEquals(jvm, Utf8Console.recover(jvm, raw));
        assertArrayEquals(jvm, Utf8Console.recover(jvm, cmdline("café")));
    }
}
