package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.badit.examples.cli.Badit;
import org.junit.jupiter.api.Test;

/** {@code badit verify-init} on a shared oracle checkpoint, and its handling of bad input. */
class VerifyInitCommandTest {

    private static Path oracle(String name) {
        String p = System.getProperty("badit.shared.dir");
        Path dir = p == null ? null : Path.of(p, "oracle", name);
        assumeTrue(dir != null && Files.isRegularFile(dir.resolve("config.json")),
                "../shared/oracle/" + name + " not found: skipping");
        return dir;
    }

    @Test
    void baditAtInitIsTheBaseModelWithOrthogonalExperts() {
        Path dir = oracle("llama-gqa");
        for (String router : new String[] {"static", "task"}) {
            Result r = run("verify-init", "--model", dir.toString(), "--method", "badit", "--experts", "3", "--rank",
                    "4", "--router", router, "--targets", "all-linear");
            assertEquals(0, r.code, r.err);
            JsonObject json = JsonParser.parseString(r.out).getAsJsonObject();
            assertTrue(json.get("max_abs_logit_diff").getAsDouble() < 1e-4, r.out);
            assertTrue(json.get("reconstruction_rel_error").getAsDouble() < 1e-5, r.out);
            assertTrue(json.get("max_expert_cosine").getAsDouble() < 1e-4, r.out);
            assertEquals("badit", json.get("method").getAsString());
            assertEquals(router, json.get("router").getAsString());
            assertEquals(14, json.get("layers").getAsInt(), r.out); // 2 layers × 7 Linear, lm_head left alone
        }
    }

    @Test
    void theDefaultRouterIsTheSequenceRouterAndReproducesTheBaseModel() {
        Path dir = oracle("llama-gqa");
        for (String method : new String[] {"badit", "badit-nodog", "badit-nobad"}) {
            Result r = run("verify-init", "--model", dir.toString(), "--method", method, "--experts", "3", "--rank",
                    "4", "--targets", "all-linear");
            assertEquals(0, r.code, r.err);
            JsonObject json = JsonParser.parseString(r.out).getAsJsonObject();
            assertEquals("sequence", json.get("router").getAsString(), r.out);
            assertTrue(json.get("max_abs_logit_diff").getAsDouble() < 1e-4, r.out);
        }
    }

    @Test
    void loraHasNoExpertCosine() {
        Path dir = oracle("llama-gqa");
        Result r = run("verify-init", "--model", dir.toString(), "--method", "lora", "--experts", "2", "--rank", "4");
        assertEquals(0, r.code, r.err);
        JsonObject json = JsonParser.parseString(r.out).getAsJsonObject();
        assertTrue(json.get("max_expert_cosine").isJsonNull(), r.out);
        assertEquals(0.0, json.get("max_abs_logit_diff").getAsDouble(), 1e-6, r.out);
    }

    @Test
    void unknownMethodIsOneClearLineNotATrace() {
        Result r = run("verify-init", "--model", "no/such/dir", "--method", "no-such-method", "--experts", "2",
                "--rank", "4");
        assertNotEquals(0, r.code);
        assertEquals("", r.out);
        String[] lines = r.err.strip().split("\\R");
        assertEquals(1, lines.length, r.err);
        assertTrue(lines[0].contains("unknown method 'no-such-method'") && lines[0].contains("badit"), r.err);
        assertFalse(r.err.contains("\tat ") || r.err.contains("Exception"), r.err);
    }

    @Test
    void missingModelDirectoryIsOneClearLine() {
        Result r = run("verify-init", "--model", "no/such/dir", "--method", "badit", "--experts", "2", "--rank",
                "4");
        assertNotEquals(0, r.code);
        assertEquals(1, r.err.strip().split("\\R").length, r.err);
        assertTrue(r.err.contains("no/such/dir") && r.err.contains("not a directory"), r.err);
    }

    private record Result(int code, String out, String err) {}

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Badit.execute(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8).strip(), err.toString(StandardCharsets.UTF_8));
    }
}
