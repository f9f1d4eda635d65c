package org.badit.examples.report;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.stream.JsonWriter;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads and writes the per-step training metrics file: JSON Lines, one object per optimizer step.
 *
 * <p>Keys (all optional except {@code step}): {@code step, stage, task, loss, lr, grad_norm, tokens_per_s,
 * intra_angle_deg, inter_angle_deg, max_expert_cosine, regroup_moved, regroup_ms, regroup_max_dlogit, regroup_kl,
 * elapsed_s}. Unknown keys are
 * ignored so that a newer trainer's logs still plot; blank lines are skipped; a key with the wrong type is an error
 * (a silently dropped value would make a plot lie).
 */
public final class MetricsFile {

    private MetricsFile() {}

    /**
     * Reads a metrics file.
     *
     * @param jsonl the JSON Lines file
     * @return the steps in file order
     * @throws IOException if the file cannot be read, or a line is malformed (the message names file and line)
     */
    public static List<StepMetrics> read(Path jsonl) throws IOException {
        List<StepMetrics> steps = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(jsonl, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    steps.add(parse(line));
                } catch (JsonParseException | IllegalStateException | NumberFormatException e) {
                    throw new IOException(
                            jsonl + ":" + lineNo + ": malformed metrics line: " + e.getMessage(), e);
                }
            }
        }
        return Collections.unmodifiableList(steps);
    }

    /**
     * Writes steps as JSON Lines (absent values are left out), replacing the file.
     *
     * @param jsonl the file to write
     * @param steps the steps to write
     * @throws IOException if the file cannot be written
     */
    public static void write(Path jsonl, List<StepMetrics> steps) throws IOException {
        try (BufferedWriter writer = Files.newBufferedWriter(jsonl, StandardCharsets.UTF_8)) {
            for (StepMetrics s : steps) {
                writer.write(toJson(s));
                writer.newLine();
            }
        }
    }

    /**
     * Formats one step as a single JSON line (without the newline), in the format {@link #read} accepts.
     *
     * @param s the step
     * @return the JSON object text
     */
    public static String toJson(StepMetrics s) {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            // NaN/Infinity are kept: a diverged loss must show up in the log, not vanish from it.
            w.setLenient(true);
            w.beginObject();
            w.name("step").value(s.step());
            w.name("stage").value(s.stage());
            if (s.task() != null) {
                w.name("task").value(s.task());
            }
            put(w, "loss", s.loss());
            put(w, "lr", s.lr());
            put(w, "grad_norm", s.gradNorm());
            put(w, "tokens_per_s", s.tokensPerS());
            put(w, "intra_angle_deg", s.intraAngleDeg());
            put(w, "inter_angle_deg", s.interAngleDeg());
            put(w, "max_expert_cosine", s.maxExpertCosine());
            put(w, "regroup_moved", s.regroupMoved());
            put(w, "regroup_ms", s.regroupMs());
            put(w, "elapsed_s", s.elapsedS());
            put(w, "regroup_max_dlogit", s.regroupMaxDlogit());
            put(w, "regroup_kl", s.regroupKl());
            w.endObject();
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void put(JsonWriter w, String key, Number value) throws IOException {
        if (value != null) {
            w.name(key).value(value);
        }
    }

    private static StepMetrics parse(String line) {
        JsonElement element = JsonParser.parseString(line);
        if (!element.isJsonObject()) {
            throw new JsonParseException("expected a JSON object, got " + element);
        }
        JsonObject o = element.getAsJsonObject();
        if (!o.has("step") || o.get("step").isJsonNull()) {
            throw new JsonParseException("missing required key \"step\"");
        }
        Integer stage = integer(o, "stage");
        return new StepMetrics(
                integer(o, "step"),
                stage == null ? 0 : stage,
                string(o, "task"),
                number(o, "loss"),
                number(o, "lr"),
                number(o, "grad_norm"),
                number(o, "tokens_per_s"),
                number(o, "intra_angle_deg"),
                number(o, "inter_angle_deg"),
                number(o, "max_expert_cosine"),
                integer(o, "regroup_moved"),
                number(o, "regroup_ms"),
                number(o, "elapsed_s"),
                number(o, "regroup_max_dlogit"),
                number(o, "regroup_kl"));
    }

    private static JsonPrimitive primitive(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || e.isJsonNull()) {
            return null;
        }
        if (!e.isJsonPrimitive()) {
            throw new JsonParseException("key \"" + key + "\" must be a scalar, got " + e);
        }
        return e.getAsJsonPrimitive();
    }

    private static Double number(JsonObject o, String key) {
        JsonPrimitive p = primitive(o, key);
        if (p == null) {
            return null;
        }
        if (p.isNumber()) {
            return p.getAsDouble();
        }
        // Lenient parsing hands NaN/Infinity over as strings; accept exactly those.
        if (p.isString()) {
            String s = p.getAsString();
            if (s.equals("NaN") || s.equals("Infinity") || s.equals("-Infinity")) {
                return Double.parseDouble(s);
            }
        }
        throw new JsonParseException("key \"" + key + "\" must be a number, got " + p);
    }

    private static Integer integer(JsonObject o, String key) {
        Double d = number(o, key);
        if (d == null) {
            return null;
        }
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new JsonParseException("key \"" + key + "\" must be an integer, got " + o.get(key));
        }
        return d.intValue();
    }

    private static String string(JsonObject o, String key) {
        JsonPrimitive p = primitive(o, key);
        if (p == null) {
            return null;
        }
        if (!p.isString()) {
            throw new JsonParseException("key \"" + key + "\" must be a string, got " + p);
        }
        return p.getAsString();
    }
}
