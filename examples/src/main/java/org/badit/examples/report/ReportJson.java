package org.badit.examples.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.TypeAdapter;
import com.google.gson.reflect.TypeToken;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.badit.lora.io.AtomicFiles;

/** The machine-readable side of a report: {@code report.json}, written and read back with the same schema. */
final class ReportJson {

    private static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .disableHtmlEscaping()
            // A NaN score (e.g. no predictions) must not make the whole report unwritable.
            .serializeSpecialFloatingPointValues()
            .registerTypeHierarchyAdapter(Path.class, new PathAdapter())
            .create();

    private ReportJson() {}

    /** The contents of {@code report.json}. */
    record Contents(String title, String generated, String notes, Map<String, Object> machine,
            Map<String, Object> config, List<MethodResult> results, Map<String, String> best,
            Map<String, Matrix> accuracyMatrices, Map<String, String> files, StudyReport study) {}

    /** An accuracy matrix as stored in the JSON ({@code NaN} where not evaluated). */
    record Matrix(String title, String metric, List<String> tasks, double[][] matrix, Map<String, Double> summary) {

        static Matrix of(AccuracyMatrixReport m) {
            return new Matrix(m.getTitle(), m.getMetric(), m.getTasks(), m.getMatrix(), m.getSummary());
        }

        AccuracyMatrixReport toReport() {
            AccuracyMatrixReport.Builder b = AccuracyMatrixReport.builder().setMatrix(tasks, matrix);
            if (title != null) {
                b.optTitle(title);
            }
            if (metric != null) {
                b.optMetric(metric);
            }
            if (summary != null) {
                summary.forEach(b::addSummary);
            }
            return b.build();
        }
    }

    static void write(Path file, Contents contents) {
        // Atomically: a reader (or a crash) never sees half a report.
        AtomicFiles.writeString(file, GSON.toJson(contents) + "\n");
    }

    static Contents read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonObject root = GSON.fromJson(reader, JsonObject.class);
            if (root == null || !root.has("results")) {
                throw new IOException(file + ": not a comparison report (no \"results\")");
            }
            Contents c = GSON.fromJson(root, new TypeToken<Contents>() {}.getType());
            for (int i = 0; i < c.results().size(); i++) {
                if (c.results().get(i) == null || c.results().get(i).method() == null) {
                    throw new IOException(file + ": results[" + i + "] has no \"method\"");
                }
            }
            return c;
        } catch (JsonParseException | IllegalArgumentException | NullPointerException e) {
            throw new IOException(file + ": malformed report JSON: " + e.getMessage(), e);
        }
    }

    /** Paths as plain strings, so the JSON stays readable by any tool. */
    private static final class PathAdapter extends TypeAdapter<Path> {
        @Override
        public void write(JsonWriter out, Path value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.toString());
            }
        }

        @Override
        public Path read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Path.of(in.nextString());
        }
    }
}
