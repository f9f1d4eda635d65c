package org.badit.e2e;

import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.badit.examples.cli.Badit;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ScratchModels;
import org.badit.core.tokenizer.ByteTokenizer;

/** Shared fixtures of the end-to-end tests: tiny checkpoints, the shared data, running the CLI in-process. */
final class Fixtures {

    private Fixtures() {}

    /** The CLI's exit code, standard output and standard error. */
    record Run(int code, String out, String err) {}

    /**
     * Writes a tiny random byte-level Llama checkpoint in the Hugging Face layout.
     *
     * @param dir the directory
     * @return the directory
     */
    static Path tinyCheckpoint(Path dir) {
        try (NDManager m = TestEngine.manager()) {
            DecoderLM.randomInit(ScratchModels.llama(ByteTokenizer.VOCAB_SIZE, 32, 64, 2, 4, 2, ByteTokenizer.BOS,
                    ByteTokenizer.EOS), 5, m).save(dir);
        }
        return dir;
    }

    /**
     * The 15-task CL benchmark, or a skip when {@code ../shared} is absent.
     *
     * @return its directory
     */
    static Path cl15() {
        String shared = System.getProperty("badit.shared.dir");
        Path dir = shared == null ? null : Paths.get(shared, "data", "superni-cl15");
        assumeTrue(dir != null && Files.isDirectory(dir), "skipped: ../shared/data/superni-cl15 not found");
        return dir;
    }

    /**
     * Writes a tiny CL-layout dataset that needs no shared data: two copying tasks, four instances per split.
     *
     * @param dir the data directory
     * @return the directory
     */
    static Path tinyTasks(Path dir) {
        try {
            for (String task : java.util.List.of("task001_copy", "task002_repeat")) {
                Path t = Files.createDirectories(dir.resolve(task));
                for (String split : java.util.List.of("train", "test")) {
                    StringBuilder instances = new StringBuilder();
                    for (int i = 0; i < 4; i++) {
                        instances.append(i == 0 ? "" : ",").append("{\"id\": \"").append(task).append('-')
                                .append(split).append('-').append(i).append("\", \"input\": \"ab").append(i)
                                .append("\", \"output\": [\"ab").append(i).append("\"]}");
                    }
                    Files.writeString(t.resolve(split + ".json"), "{\"Definition\": [\"Copy the input.\"], "
                            + "\"Categories\": [\"Copying\"], \"Positive Examples\": [], \"Negative Examples\": [], "
                            + "\"Instances\": [" + instances + "]}");
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    /**
     * Writes the demo suite's eight held-out synthetic tasks in the CL layout, small.
     *
     * @param dir the data directory
     * @param instances instances per task, training and test
     * @param test test instances per task
     * @return the directory
     */
    static Path demoTasks(Path dir, int instances, int test) {
        org.badit.superni.synthetic.SyntheticSuite suite = org.badit.superni.synthetic.SyntheticSuite.builder()
                .optSeed(7).optInstancesPerTask(instances).optTestInstancesPerTask(test).build();
        try {
            return suite.writeClBenchmark(dir, suite.heldOutTasks());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The command line that runs the CLI in a fresh JVM (for tests that kill it).
     *
     * @param args the CLI arguments
     * @return java, class path, main class and the arguments
     */
    static java.util.List<String> subprocess(java.util.List<String> args) {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dai.djl.offline=true", "-cp",
                System.getProperty("java.class.path"), "org.badit.examples.cli.Badit"));
        command.addAll(args);
        return command;
    }

    /**
     * Runs the CLI in a fresh JVM and kills it with SIGKILL (no shutdown hooks, no cleanup) as soon as a file appears.
     *
     * @param args the CLI arguments
     * @param marker the file whose appearance triggers the kill (e.g. a first checkpoint)
     * @param log where the process's output goes
     * @return the output so far, when the process ended on its own before the marker appeared (the caller's test then
     *     fails with it); null when it was killed
     * @throws Exception when the process cannot be started or waited for
     */
    static String killWhenExists(java.util.List<String> args, Path marker, Path log) throws Exception {
        Process p = new ProcessBuilder(subprocess(args)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(marker) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        if (!p.isAlive()) {
            return "training ended before it could be killed: " + Files.readString(log);
        }
        p.destroyForcibly(); // SIGKILL on Linux
        p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
        return null;
    }

    /**
     * Runs the CLI in this JVM, capturing its output.
     *
     * @param args the arguments
     * @return what it did
     */
    static Run cli(String... args) {
        Badit.Captured c = Badit.executeCapturing(args);
        return new Run(c.code(), c.out(), c.err());
    }
}
