package org.badit.core.train;

import com.google.gson.JsonObject;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends one JSON object per optimizer step to {@code metrics.jsonl}. On resume the lines past the checkpoint's step
 * are dropped first, so the log of a resumed run equals that of an uninterrupted one.
 */
public final class MetricsLog implements TrainingListener, AutoCloseable {

    private final BufferedWriter out;

    /**
     * Opens (or continues) a metrics log.
     *
     * @param file the JSONL file
     * @param keepThroughStep keep existing lines with {@code step ≤} this (0: start afresh)
     */
    public MetricsLog(Path file, int keepThroughStep) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            StringBuilder kept = new StringBuilder();
            if (keepThroughStep > 0 && Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    int step = line.isBlank() ? Integer.MAX_VALUE
                            : com.google.gson.JsonParser.parseString(line).getAsJsonObject().get("step").getAsInt();
                    if (step <= keepThroughStep) {
                        kept.append(line).append('\n');
                    }
                }
            }
            // The kept lines replace the file atomically before anything is appended: a process killed between
            // here and its first step (found by KillHarnessTest) must not leave the log truncated.
            org.badit.lora.io.AtomicFiles.writeString(file, kept.toString());
            out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics log " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void onStep(StepRecord r) {
        JsonObject o = new JsonObject();
        o.addProperty("step", r.step());
        o.addProperty("stage", r.stage());
        if (r.task() != null) {
            o.addProperty("task", r.task());
        }
        put(o, "loss", r.loss());
        put(o, "lr", r.lr());
        put(o, "grad_norm", r.gradNorm());
        put(o, "tokens_per_s", r.tokensPerSecond());
        put(o, "elapsed_s", r.elapsedSeconds());
        put(o, "intra_angle_deg", r.intraAngleDeg());
        put(o, "inter_angle_deg", r.interAngleDeg());
        put(o, "max_expert_cosine", r.maxExpertCosine());
        if (r.regroupMoved() >= 0) {
            o.addProperty("regroup_moved", r.regroupMoved());
            put(o, "regroup_ms", r.regroupMillis());
            put(o, "regroup_max_dlogit", r.regroupMaxDeltaLogit());
            put(o, "regroup_kl", r.regroupKl());
        }
        try {
            out.write(o.toString());
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the metrics log: " + e.getMessage(), e);
        }
    }

    private static void put(JsonObject o, String key, double value) {
        if (Double.isFinite(value)) {
            o.addProperty(key, value);
        }
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
