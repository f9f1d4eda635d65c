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

/**
 * {@code kill -9} while {@code train --task-groups} trains its second group, then {@code --resume}: the finished group
 * is skipped, the unfinished one resumes from its checkpoint, and both adapters equal an uninterrupted run's.
 */
class GroupedResumeAfterKillTest {

    @TempDir
    Path dir;

    private List<String> trainArgs(Path model, Path data, Path groups, Path out) {
        return new ArrayList<>(List.of("train", "--model", model.toString(), "--data", data.toString(),
                "--method", "lora", "--experts", "1", "--rank", "2", "--task-groups", groups.toString(),
                "--steps", "24", "--batch-size", "2", "--set", "max_prompt_tokens=64", "--set", "max_target_tokens=16",
                "--set", "checkpoint_every=2", "--set", "threads=1", "--output", out.toString()));
    }

    @Test
    void sigkillInTheSecondGroupThenResumeGivesTheUninterruptedAdapters() throws Exception {
        Path model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        Path data = Fixtures.demoTasks(dir.resolve("data"), 12, 2);
        Path groups = dir.resolve("groups.json");
        Files.writeString(groups, "{\"groups\": [[\"syn_first_item\"], [\"syn_last_item\", \"syn_is_palindrome\"]]}");
        Path a = dir.resolve("a");
        Fixtures.Run full = Fixtures.cli(trainArgs(model, data, groups, a).toArray(String[]::new));
        assertEquals(0, full.code(), full.err());

        Path b = dir.resolve("b");
        String ended = Fixtures.killWhenExists(trainArgs(model, data, groups, b),
                b.resolve("group-1/checkpoints/latest"), dir.resolve("b.log"));
        assertNull(ended, ended);
        assertTrue(Files.exists(b.resolve("group-0/train.json")), "group 0 finished before the kill");
        assertTrue(Files.notExists(b.resolve("group-1/adapter")), "killed inside group 1");

        List<String> resume = trainArgs(model, data, groups, b);
        resume.add("--resume");
        Fixtures.Run r = Fixtures.cli(resume.toArray(String[]::new));
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("group 1 of 2 already trained"), r.err());
        assertTrue(!Files.readString(b.resolve("group-1/train.json")).contains("\"resumed_from_step\": 0"),
                "group 1 resumed from a checkpoint");
        for (String g : List.of("group-0", "group-1")) {
            assertArrayEquals(Files.readAllBytes(a.resolve(g + "/adapter/adapter_model.safetensors")),
                    Files.readAllBytes(b.resolve(g + "/adapter/adapter_model.safetensors")), g);
        }
    }
}
