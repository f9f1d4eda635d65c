package org.badit.e2e;

import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
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
     * Runs the CLI in this JVM, capturing its output.
     *
     * @param args the arguments
     * @return what it did
     */
    static synchronized Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        int code;
        try {
            code = Badit.execute(args);
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
        return new Run(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }
}
