package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.badit.core.train.Checkpoints;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.io.DirectoryLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes that fail for lack of space: a real {@code badit} process under a file-size limit ({@code ulimit -f}; the
 * JVM ignores SIGXFSZ, so a write past the limit fails with "File too large" as on a full disk) must leave the
 * previous checkpoint, adapter and report intact, say so in one line, and exit non-zero. Then, a second process on
 * a directory another one is writing refuses, and a killed holder does not leave the directory stuck.
 */
class DiskFullTest {

    @TempDir
    Path dir;

    private Path model;
    private Path data;

    @BeforeEach
    void fixtures() {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "skipped: needs /bin/bash for ulimit");
        model = Fixtures.tinyCheckpoint(dir.resolve("model"));
        data = Fixtures.tinyTasks(dir.resolve("data"));
    }

    private List<String> train(Path out) {
        return new ArrayList<>(List.of("train", "--model", model.toString(), "--data", data.toString(), "--method",
                "badit", "--experts", "2", "--rank", "2", "--targets", "all-linear", "--steps", "4", "--batch-size",
                "2", "--set", "max_prompt_tokens=48", "--set", "checkpoint_every=1", "--set", "threads=1",
                "--output", out.toString()));
    }

    /** Runs the CLI in a fresh JVM whose files may not exceed {@code kb} KiB. */
    private String limited(int kb, List<String> args, Path log) throws Exception {
        StringBuilder line = new StringBuilder("ulimit -f " + kb + " && exec");
        List<String> command = new ArrayList<>(Fixtures.subprocess(args));
        command.add(1, "-XX:-UsePerfData"); // the JVM's own 32 KiB perf-data file must not hit the limit
        for (String c : command) {
            line.append(" '").append(c.replace("'", "'\\''")).append('\'');
        }
        Process p = new ProcessBuilder("/bin/bash", "-c", line.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "finished");
        String out = Files.readString(log);
        assertNotEquals(0, p.exitValue(), "a failed write is a failed run: " + out);
        return out;
    }

    private static String errorLine(String output) {
        List<String> lines = output.strip().lines().filter(l -> l.startsWith("badit: error: ")).toList();
        assertEquals(1, lines.size(), "one error line: " + output);
        assertTrue(!output.contains("\tat "), "no stack trace: " + output);
        return lines.get(0);
    }

    @Test
    void aCheckpointThatDoesNotFitLeavesTheLatestCompleteOne() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, Fixtures.cli(train(run).toArray(String[]::new)).code());
        // Go back to step 3 as if the run had been killed there, so a resume must write the step-4 checkpoint.
        Path step3 = run.resolve("checkpoints/step-00000003");
        Files.writeString(run.resolve("checkpoints/latest"), "step-00000003\n");
        deleteTree(run.resolve("checkpoints/step-00000004"));
        deleteTree(run.resolve("adapter"));
        byte[] params = Files.readAllBytes(step3.resolve("params.safetensors"));
        List<String> args = train(run);
        args.add("--resume");
        int kb = Math.max(1, params.length / 1024 / 2);
        String error = errorLine(limited(kb, args, dir.resolve("ckpt.log")));
        assertTrue(error.contains("step-00000004") && error.contains("File too large")
                && error.contains("latest complete one is " + step3), error);
        assertEquals(step3, Checkpoints.latest(run), "the pointer did not move");
        assertArrayEquals(params, Files.readAllBytes(step3.resolve("params.safetensors")));
        assertEquals(0, temporaries(run), "no temporary file left");
        assertTrue(Files.notExists(run.resolve("adapter")), "no adapter from a failed run");
    }

    @Test
    void anAdapterThatDoesNotFitLeavesThePreviousAdapter() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, Fixtures.cli(train(run).toArray(String[]::new)).code());
        Path weights = run.resolve("adapter/adapter_model.safetensors");
        byte[] before = Files.readAllBytes(weights);
        List<String> args = train(run);
        args.add("--resume"); // finished: the resume only rewrites the adapter and the summary
        String error = errorLine(limited(Math.max(1, before.length / 1024 / 2), args, dir.resolve("adapter.log")));
        assertTrue(error.contains("adapter_model.safetensors") && error.contains("previous version is intact"),
                error);
        assertArrayEquals(before, Files.readAllBytes(weights));
        assertEquals(0, temporaries(run));
    }

    @Test
    void aReportThatDoesNotFitLeavesThePreviousReport() throws Exception {
        Path run = dir.resolve("run");
        assertEquals(0, Fixtures.cli(train(run).toArray(String[]::new)).code());
        List<String> eval = List.of("eval", "--run", run.toString(), "--set", "max_new_tokens=200");
        Fixtures.Run first = Fixtures.cli(eval.toArray(String[]::new));
        assertEquals(0, first.code(), first.err());
        Path predictions = run.resolve("eval/predictions.jsonl");
        byte[] before = Files.readAllBytes(predictions);
        assumeTrue(before.length > 1024, "the predictions file must exceed the 1 KiB limit");
        String error = errorLine(limited(1, eval, dir.resolve("eval.log")));
        assertTrue(error.contains("predictions.jsonl") && error.contains("previous version is intact"), error);
        assertArrayEquals(before, Files.readAllBytes(predictions));
        assertEquals(0, temporaries(run));
    }

    @Test
    void aSecondWriterRefusesAndAKilledHolderDoesNotLeaveTheDirectoryStuck() throws Exception {
        Path run = dir.resolve("run");
        List<String> args = train(run);
        args.set(args.indexOf("4"), "100000");
        Process holder = new ProcessBuilder(Fixtures.subprocess(args)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("holder.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (Checkpoints.latest(run) == null && holder.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(holder.isAlive(), Files.readString(dir.resolve("holder.log")));
        Fixtures.Run second = Fixtures.cli(train(run).toArray(String[]::new));
        assertNotEquals(0, second.code());
        assertTrue(second.err().contains("another badit run is writing this directory")
                && second.err().contains("pid " + holder.pid()), second.err());
        holder.destroyForcibly();
        assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
        assertTrue(Files.exists(run.resolve(DirectoryLock.FILE_NAME)), "the lock file stays");
        try (DirectoryLock lock = DirectoryLock.acquire(run)) {
            assertTrue(Files.exists(lock.file()), "but the lock was released by the kernel");
        }
    }

    private static long temporaries(Path run) throws IOException {
        try (Stream<Path> s = Files.walk(run)) {
            return s.filter(AtomicFiles::isTemporary).count();
        }
    }

    private static void deleteTree(Path d) throws IOException {
        try (Stream<Path> s = Files.walk(d)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
