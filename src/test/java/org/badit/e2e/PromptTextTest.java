package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tokenize} and {@code generate --prompt-file}: the same ids for the same text, whatever the locale. */
class PromptTextTest {

    @TempDir
    Path dir;

    private String run(String locale, List<String> args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(Fixtures.subprocess(args)).redirectErrorStream(false);
        pb.environment().put("LC_ALL", locale);
        pb.environment().remove("LANG");
        Process p = pb.redirectError(dir.resolve("err.log").toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), Files.readString(dir.resolve("err.log")));
        return out.strip();
    }

    @Test
    void nonAsciiTextIsTheSameUnderTheCLocaleAndUtf8() throws Exception {
        Path model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        Path prompt = Files.writeString(dir.resolve("prompt.txt"), "café ☕\n");
        String expected = "{\"ids\":[256,99,97,102,195,169,32,226,152,149],\"ids_without_special_tokens\":[99,97,102,"
                + "195,169,32,226,152,149],\"tokens\":10,\"decoded\":\"café ☕\"}";
        for (String locale : List.of("C", "C.UTF-8")) {
            assertEquals(expected, run(locale, List.of("tokenize", "--model", model.toString(), "--text", "café ☕")),
                    locale);
            assertEquals(expected, run(locale, List.of("tokenize", "--model", model.toString(), "--file",
                    prompt.toString())), locale);
        }
        String fromFlag = run("C", List.of("generate", "--model", model.toString(), "--prompt", "café ☕",
                "--max-new-tokens", "3", "--ids"));
        String fromFile = run("C.UTF-8", List.of("generate", "--model", model.toString(), "--prompt-file",
                prompt.toString(), "--max-new-tokens", "3", "--ids"));
        assertEquals(fromFile, fromFlag, "generate: same continuation from the flag under C and the file under UTF-8");
    }

    @Test
    void aPromptFileThatIsNotUtf8IsOneClearLine() throws Exception {
        Path model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        Path prompt = Files.write(dir.resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9});
        Fixtures.Run r = Fixtures.cli("tokenize", "--model", model.toString(), "--file", prompt.toString());
        assertEquals(1, r.code());
        assertEquals("badit: error: " + prompt + ": not UTF-8 text", r.err().strip());
    }
}
