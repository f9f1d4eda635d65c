package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code badit gpu-check} on this machine's device: every part runs and the JSON says what it found. */
class GpuCheckCommandTest {

    @TempDir
    Path dir;

    @Test
    void everyPartRunsAndTheOracleAgreesInFloat32() throws Exception {
        String shared = System.getProperty("badit.shared.dir");
        Path oracle = shared == null ? dir.resolve("none") : Paths.get(shared, "oracle");
        Path out = dir.resolve("gpu.json");
        Fixtures.Run r = Fixtures.cli("gpu-check", "--skip-bench", "--oracle", oracle.toString(), "--out",
                out.toString());
        assertEquals(0, r.code(), r.err());
        JsonObject json = JsonParser.parseString(Files.readString(out)).getAsJsonObject();
        for (String part : new String[] {"oracle_logits", "verify_init", "train_eval"}) {
            assertFalse(json.getAsJsonObject(part).has("error"), part + ": " + json.get(part));
        }
        JsonObject train = json.getAsJsonObject("train_eval").getAsJsonObject("result");
        assertEquals(0, train.get("train_exit").getAsInt(), train.toString());
        assertEquals(0, train.get("eval_exit").getAsInt(), train.toString());
        if (Files.isDirectory(oracle)) {
            JsonObject cases = json.getAsJsonObject("oracle_logits").getAsJsonObject("result");
            assertEquals(5, cases.size(), cases.toString());
            for (String c : cases.keySet()) {
                JsonObject f32 = cases.getAsJsonObject(c).getAsJsonObject("float32").getAsJsonObject("result");
                assertTrue(f32.get("max_abs_diff").getAsDouble() < 1e-4, c + ": " + f32);
                JsonObject f16 = cases.getAsJsonObject(c).getAsJsonObject("float16").getAsJsonObject("result");
                assertTrue(f16.get("max_abs_diff").getAsDouble() < 0.1, c + ": " + f16);
            }
        }
    }
}
