package org.badit.superni.data;

import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;
import org.badit.superni.metrics.InstanceScore;
import org.badit.superni.metrics.Prediction;
import org.badit.superni.metrics.Reference;
import org.badit.superni.metrics.Track;

/**
 * The official evaluation's file formats: predictions JSONL ({@code {"id", "prediction"}}), references JSONL
 * ({@code {"id", "references", "task_id", "task_category", "track"}}; the last three optional, {@code track}
 * defaulting to {@code default} as in the official script), and a per-instance scores JSONL. Every error names the
 * file, the line and the field.
 */
public final class EvaluationFiles {

    private static final Gson GSON = new Gson();

    private EvaluationFiles() {}

    /**
     * Reads a predictions JSONL file (blank lines are skipped).
     *
     * @param file the file
     * @return the predictions, in file order (duplicates kept: the evaluator reports them)
     * @throws IOException when the file cannot be read
     * @throws SuperNiFormatException when a line is malformed (also: not valid UTF-8)
     */
    public static List<Prediction> readPredictions(Path file) throws IOException {
        List<Prediction> out = new ArrayList<>();
        forEachObject(file, (o, where) -> out.add(new Prediction(string(o, "id", where), string(o, "prediction",
                where))));
        return out;
    }

    /**
     * Reads a references JSONL file in the official format.
     *
     * @param file the file
     * @return the references, in file order
     * @throws IOException when the file cannot be read
     * @throws SuperNiFormatException when a line is malformed (also: not valid UTF-8)
     */
    public static List<Reference> readReferences(Path file) throws IOException {
        List<Reference> out = new ArrayList<>();
        forEachObject(file, (o, where) -> {
            JsonElement refs = o.get("references");
            if (refs == null || !refs.isJsonArray()) {
                throw new SuperNiFormatException(where + ": field \"references\" must be a list of strings");
            }
            List<String> list = new ArrayList<>();
            for (JsonElement e : refs.getAsJsonArray()) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw new SuperNiFormatException(where + ": field \"references\" must be a list of strings");
                }
                list.add(e.getAsString());
            }
            if (list.isEmpty()) {
                throw new SuperNiFormatException(where + ": field \"references\" must not be empty");
            }
            String track = o.has("track") ? string(o, "track", where) : "default";
            Track parsed;
            try {
                parsed = Track.of(track);
            } catch (IllegalArgumentException e) {
                throw new SuperNiFormatException(where + ": field \"track\": " + e.getMessage());
            }
            out.add(new Reference(string(o, "id", where), list, optionalString(o, "task_id", where),
                    optionalString(o, "task_category", where), parsed));
        });
        return out;
    }

    /**
     * References for the instances of loaded tasks, in task then instance order.
     *
     * @param tasks the tasks (e.g. the test split, first 100 instances each)
     * @param track the track to score them in
     * @return one reference per instance, with task id and first category
     */
    public static List<Reference> references(List<SuperNiTask> tasks, Track track) {
        List<Reference> out = new ArrayList<>();
        for (SuperNiTask task : tasks) {
            for (Instance instance : task.instances()) {
                out.add(new Reference(instance.id(), instance.outputs(), task.name(), task.category(), track));
            }
        }
        return out;
    }

    /**
     * Writes one {@code {"id", "rougeL", "exact_match"}} line per instance: rougeL is the unscaled F-measure in
     * [0, 1] and exact_match is 0 or 1, so that any grouping can be re-aggregated exactly.
     *
     * @param file the output file
     * @param scores the instance scores
     * @throws IOException when the file cannot be written
     */
    public static void writePerInstance(Path file, List<InstanceScore> scores) throws IOException {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (InstanceScore s : scores) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("id", s.id());
                line.put("rougeL", s.rougeL());
                line.put("exact_match", s.exactMatch());
                w.write(GSON.toJson(line));
                w.write('\n');
            }
        }
    }

    private interface LineHandler {
        void accept(JsonObject object, String where);
    }

    private static void forEachObject(Path file, LineHandler handler) throws IOException {
        // Lines are split as bytes and decoded one by one, so invalid UTF-8 is reported at its own line (a Reader
        // decodes ahead in blocks and would fail on an earlier line).
        java.nio.charset.CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
        try (java.io.InputStream in = new java.io.BufferedInputStream(Files.newInputStream(file))) {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            int number = 0;
            for (int b = 0; b != -1; ) {
                bytes.reset();
                while ((b = in.read()) != -1 && b != '\n') {
                    bytes.write(b);
                }
                if (b == -1 && bytes.size() == 0) {
                    break;
                }
                number++;
                String where = file + " line " + number;
                String line;
                try {
                    line = utf8.decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
                } catch (java.nio.charset.CharacterCodingException e) {
                    throw new SuperNiFormatException(where + ": not valid UTF-8 (" + e + ")", e);
                }
                if (line.endsWith("\r")) {
                    line = line.substring(0, line.length() - 1);
                }
                if (line.isBlank()) {
                    continue;
                }
                JsonElement element;
                try {
                    element = JsonParser.parseString(line);
                } catch (JsonParseException e) {
                    throw new SuperNiFormatException(where + ": malformed JSON: " + e.getMessage(), e);
                }
                if (!element.isJsonObject()) {
                    throw new SuperNiFormatException(where + ": each line must be a JSON object");
                }
                handler.accept(element.getAsJsonObject(), where);
            }
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SuperNiFormatException(file + ": not UTF-8 text (JSONL files are UTF-8)", e);
        }
    }

    private static String string(JsonObject o, String field, String where) {
        JsonElement e = o.get(field);
        if (e == null) {
            throw new SuperNiFormatException(where + ": missing field \"" + field + "\"");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new SuperNiFormatException(where + ": field \"" + field + "\" must be a string");
        }
        return e.getAsString();
    }

    private static String optionalString(JsonObject o, String field, String where) {
        return o.has(field) && !o.get(field).isJsonNull() ? string(o, field, where) : null;
    }
}
