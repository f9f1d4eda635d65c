package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.badit.examples.cli.config.RunConfigKey;
import org.badit.examples.cli.config.RunConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The settings table in docs/ lists every key, and a YAML file of all defaults reads back as the defaults. */
class ConfigDocsTest {

    @TempDir
    Path dir;

    @Test
    void docsListEveryKey() throws Exception {
        String root = System.getProperty("badit.project.dir");
        assumeTrue(root != null, "skipped: badit.project.dir not set");
        String docs = Files.readString(Path.of(root, "docs", "configuration.md"));
        for (RunConfigKey k : RunConfig.KEYS) {
            assertTrue(docs.contains("| `" + k.name() + "` |"), "docs/configuration.md lacks " + k.name());
        }
    }

    @Test
    void theDefaultsFileRoundTrips() throws Exception {
        Fixtures.Run r = Fixtures.cli("config");
        assertEquals(0, r.code(), r.err());
        Path yaml = dir.resolve("run.yaml");
        Files.writeString(yaml, r.out());
        assertEquals(RunConfig.defaults().asMap(), RunConfig.load(yaml).asMap());
    }
}
