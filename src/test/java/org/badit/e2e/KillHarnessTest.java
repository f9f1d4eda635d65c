package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.badit.core.train.Checkpoints;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.io.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} a real {@code badit train} process again and again at random moments (while it starts, while it
 * steps, while it writes a checkpoint) and resume it each time: the final adapter must be byte-identical to an
 * uninterrupted run, and after every kill the latest checkpoint must be complete.
 *
 * <p>The number of kills is {@code badit.kills} (default 20); the random points come from a fixed seed, though the
 * moment a delay lands on also depends on the machine's speed.
 */
class KillHarnessTest {

    private static final int STEPS = 160;

    @TempDir
    Path dir;

    private List<String> trainArgs(Path model, Path data, Path out) {
        return new ArrayList<>(List.of("train", "--model", model.toString(), "--data", data.toString(), "--method",
                "badit", "--experts", "2", "--rank", "2", "--targets", "all-linear", "--steps",
                String.valueOf(STEPS), "--batch-size", "2", "--set", "max_prompt_tokens=48", "--set",
                "checkpoint_every=1", "--set", "dog_regroup_until=1", "--set", "threads=1", "--set", "log_every=5",
                "--output", out.toString()));
    }

    @Test
    void twentyKillsAtRandomMomentsThenTheUninterruptedAdapter() throws Exception {
        int kills = Integer.getInteger("badit.kills", 20);
        Path model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        Path data = Fixtures.tinyTasks(dir.resolve("data"));
        Path reference = dir.resolve("reference");
        Fixtures.Run r = Fixtures.cli(trainArgs(model, data, reference).toArray(String[]::new));
        assertEquals(0, r.code(), r.err());

        Path out = dir.resolve("killed");
        List<String> resume = trainArgs(model, data, out);
        resume.add("--resume");
        Random random = new Random(20261202);
        int duringStartup = 0;
        int duringWrites = 0;
        int previousStep = 0;
        for (int kill = 1; kill <= kills; kill++) {
            Process p = new ProcessBuilder(Fixtures.subprocess(resume)).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("kill-" + kill + ".log").toFile()).start();
            boolean early = random.nextInt(5) == 0;
            if (early) {
                // Somewhere in start-up: JVM, engine, model load, data, first steps.
                Thread.sleep(200 + random.nextInt(1500));
            } else {
                // After this process has made progress of its own, then a random moment of the step loop.
                waitForProgress(p, out, previousStep);
                Thread.sleep(random.nextInt(120));
            }
            assertTrue(p.isAlive(), "the run ended before kill " + kill + " (too few steps for this machine?): "
                    + Files.readString(dir.resolve("kill-" + kill + ".log")));
            p.destroyForcibly(); // SIGKILL: no shutdown hooks, no finally blocks
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            duringWrites += temporaries(out) > 0 ? 1 : 0;
            int step = checkLatestIsComplete(out);
            duringStartup += step == previousStep ? 1 : 0;
            previousStep = step;
        }
        assertTrue(previousStep < STEPS, "still unfinished after the kills");
        Fixtures.Run last = Fixtures.cli(resume.toArray(String[]::new));
        assertEquals(0, last.code(), last.err());
        assertArrayEquals(Files.readAllBytes(reference.resolve("adapter/adapter_model.safetensors")),
                Files.readAllBytes(out.resolve("adapter/adapter_model.safetensors")),
                "the adapter after " + kills + " kills equals the uninterrupted one");
        assertEquals(Files.readAllLines(reference.resolve("metrics.jsonl")).size(),
                Files.readAllLines(out.resolve("metrics.jsonl")).size(), "one metrics line per step, no repeats");
        System.out.printf("[kill-harness] %d kills: %d with a checkpoint write in flight (temporary file left), "
                + "%d before the process made progress; final adapter byte-identical%n", kills, duringWrites,
                duringStartup);
    }

    /** Waits until the run has checkpointed past {@code step}, or ended. */
    private static void waitForProgress(Process p, Path out, int step) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (p.isAlive() && System.nanoTime() < deadline) {
            if (Checkpoints.latest(out) != null && Checkpoints.latestStep(out) > step) {
                return;
            }
            Thread.sleep(5);
        }
    }

    /** The latest checkpoint, if any, is whole: its state parses and every tensor file opens and validates. */
    private static int checkLatestIsComplete(Path out) throws IOException {
        Path latest = Checkpoints.latest(out);
        if (latest == null) {
            return 0;
        }
        for (String f : List.of("params.safetensors", "optimizer.safetensors", "dog.safetensors")) {
            try (SafetensorsFile file = SafetensorsFile.open(latest.resolve(f))) {
                assertTrue(!file.names().isEmpty(), latest.resolve(f) + " is empty");
            }
        }
        return Checkpoints.readState(latest).step();
    }

    private static long temporaries(Path out) throws IOException {
        if (!Files.isDirectory(out.resolve("checkpoints"))) {
            return 0;
        }
        try (Stream<Path> s = Files.walk(out.resolve("checkpoints"))) {
            return s.filter(AtomicFiles::isTemporary).count();
        }
    }
}
