package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code kill -9} during {@code badit train}, then {@code --resume}: the same final adapter as without the kill. */
class ResumeAfterKillTest {

    @TempDir
    Path dir;

    private List<String> trainArgs(Path model, Path out) {
        return new ArrayList<>(List.of("train", "--model", model.toString(), "--data", Fixtures.cl15().toString(),
                "--method", "badit", "--experts", "2", "--rank", "4", "--targets", "all-linear",
                "--set", "tasks=task363_sst2_polarity_classification", "--max-train-instances", "16", "--steps",
                "30", "--batch-size", "4", "--set", "max_prompt_tokens=64", "--set", "checkpoint_every=2", "--set", "threads=1",
                "--output", out.toString()));
    }

    @Test
    void sigkillThenResumeGivesTheUninterruptedAdapter() throws Exception {
        Path model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        Path a = dir.resolve("a");
        assertEquals(0, Fixtures.cli(trainArgs(model, a).toArray(String[]::new)).code());

        Path b = dir.resolve("b");
        String ended = Fixtures.killWhenExists(trainArgs(model, b), b.resolve("checkpoints/latest"),
                dir.resolve("b.log"));
        assertNull(ended, ended);
        assertTrue(Files.notExists(b.resolve("adapter")), "killed before the end");

        List<String> resume = trainArgs(model, b);
        resume.add("--resume");
        Fixtures.Run r = Fixtures.cli(resume.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resumed") || Files.readString(b.resolve("train.json")).contains(
                "\"resumed_from_step\": "), r.err());
        assertTrue(!Files.readString(b.resolve("train.json")).contains("\"resumed_from_step\": 0"),
                "the second run resumed from a checkpoint");
        assertArrayEquals(Files.readAllBytes(a.resolve("adapter/adapter_model.safetensors")),
                Files.readAllBytes(b.resolve("adapter/adapter_model.safetensors")));
        assertEquals(Files.readAllLines(a.resolve("metrics.jsonl")).size(),
                Files.readAllLines(b.resolve("metrics.jsonl")).size());
    }
}
