package org.badit.examples.cli.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Refuses a {@code --resume} whose settings differ from those the run was started with (saved as the run's
 * {@code config.json}), naming every differing key, unless the key is one that cannot change what training computes.
 */
public final class ResumeCheck {

    /**
     * Keys a resumed run may change: logging and checkpoint cadence, threads, where the run is, and evaluation-only
     * settings. Everything else (data, method, optimizer, seed, DOG) changes the trained adapter.
     */
    public static final Set<String> MAY_CHANGE = Set.of("log_every", "checkpoint_every", "threads", "output",
            "max_test_instances", "eval_split", "continual_test_instances", "eval_batch_size", "max_new_tokens");

    private ResumeCheck() {}

    /**
     * Compares the settings saved in a run directory with the ones of the resumed run.
     *
     * @param runDir the run directory ({@code config.json} inside; nothing to check when it is absent)
     * @param now the resumed run's settings
     * @throws IllegalArgumentException naming the file and the differing keys with both values
     */
    public static void requireSameSettings(Path runDir, RunConfig now) {
        Path saved = runDir.resolve("config.json");
        if (!Files.isRegularFile(saved)) {
            return;
        }
        Map<String, Object> before = RunConfig.load(saved).asMap();
        Map<String, Object> after = now.asMap();
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, Object> e : after.entrySet()) {
            Object old = before.get(e.getKey());
            if (!MAY_CHANGE.contains(e.getKey()) && !Objects.equals(old, e.getValue())) {
                differences.add(e.getKey() + " (was " + old + ", now " + e.getValue() + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(saved + ": --resume with changed settings: "
                    + String.join(", ", differences) + "; resume with the original settings, or start a fresh run "
                    + "in another --output (only " + String.join(", ", MAY_CHANGE.stream().sorted().toList())
                    + " may change)");
        }
    }
}
