package org.badit.superni.data;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;
import com.google.gson.internal.bind.TypeAdapters;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.badit.superni.Example;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;

/**
 * Reads one SuperNI task file into a {@link SuperNiTask}, by key (never by key order), strictly: malformed JSON, a
 * missing {@code Definition}, {@code Categories} or {@code Instances}, or a field of the wrong type gives a
 * {@link SuperNiFormatException} naming the file and the field.
 *
 * <p>Accepted variations, deliberately: {@code Definition} and {@code Categories} as a list of strings (v2) or a single
 * string (older copies, and three tasks of the CL benchmark); an instance {@code output} as a list of strings (v2) or
 * a single string (same CL tasks). Missing example lists and
 * language fields read as empty lists; a missing instance {@code id} is an error.
 */
public final class TaskFileParser {

    private TaskFileParser() {}

    /**
     * Parses a task file; the task name is the file name without {@code .json}.
     *
     * @param file the JSON file
     * @return the task
     * @throws SuperNiFormatException when the file is malformed (also: not valid UTF-8)
     * @throws IOException when it cannot be read
     */
    public static SuperNiTask parse(Path file) throws IOException {
        String fileName = file.getFileName().toString();
        String name = fileName.endsWith(".json") ? fileName.substring(0, fileName.length() - 5) : fileName;
        return parse(file, name, file.toString());
    }

    /**
     * Parses a task file under a given task name (the CL layout names tasks by folder).
     *
     * @param file the JSON file
     * @param name the task name
     * @param label how errors name the file
     * @return the task
     * @throws SuperNiFormatException when the file is malformed
     * @throws IOException when it cannot be read
     */
    public static SuperNiTask parse(Path file, String name, String label) throws IOException {
        JsonObject root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            root = readStrict(reader, label);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SuperNiFormatException(label + ": not UTF-8 text (SuperNI task files are UTF-8 JSON)", e);
        }
        return fromJson(root, name, label);
    }

    static JsonObject readStrict(Reader reader, String label) throws IOException {
        JsonReader json = new JsonReader(reader);
        // Lenient because upstream files were written by Python's json, which emits NaN (e.g. task1331's URL);
        // truncated or unbalanced files still fail.
        json.setStrictness(Strictness.LENIENT);
        JsonElement element;
        try {
            element = TypeAdapters.JSON_ELEMENT.read(json);
            if (json.peek() != JsonToken.END_DOCUMENT) {
                throw new SuperNiFormatException(label + ": trailing content after the JSON object");
            }
        } catch (JsonParseException | IllegalStateException | java.io.EOFException e) {
            throw new SuperNiFormatException(label + ": malformed JSON: " + e.getMessage(), e);
        } catch (com.google.gson.stream.MalformedJsonException e) {
            throw new SuperNiFormatException(label + ": malformed JSON: " + e.getMessage(), e);
        }
        if (element == null || !element.isJsonObject()) {
            throw new SuperNiFormatException(label + ": the task file must hold a JSON object");
        }
        return element.getAsJsonObject();
    }

    static SuperNiTask fromJson(JsonObject root, String name, String label) {
        List<String> definitions = stringOrStrings(root, "Definition", label, true);
        if (definitions.isEmpty()) {
            throw new SuperNiFormatException(label + ": field \"Definition\" must not be empty");
        }
        List<String> categories = stringOrStrings(root, "Categories", label, true);
        if (categories.isEmpty()) {
            throw new SuperNiFormatException(label + ": field \"Categories\" must not be empty");
        }
        List<Example> positive = examples(root, "Positive Examples", label);
        List<Example> negative = examples(root, "Negative Examples", label);
        JsonArray instancesJson = array(root, "Instances", label, true);
        List<Instance> instances = new ArrayList<>(instancesJson.size());
        for (int i = 0; i < instancesJson.size(); i++) {
            String where = "Instances[" + i + "]";
            JsonObject o = object(instancesJson.get(i), label, where);
            String id = string(o, "id", label, where);
            String input = string(o, "input", label, where);
            List<String> outputs = stringOrStrings(o, "output", label + ": " + where, true);
            if (outputs.isEmpty()) {
                throw new SuperNiFormatException(label + ": field \"" + where + ".output\" must not be empty");
            }
            instances.add(new Instance(id, input, outputs));
        }
        return new SuperNiTask(name, definitions, categories, positive, negative, instances,
                strings(root, "Input_language", label, false), strings(root, "Output_language", label, false),
                strings(root, "Source", label, false));
    }

    private static List<Example> examples(JsonObject root, String field, String label) {
        JsonArray array = array(root, field, label, false);
        List<Example> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        for (int i = 0; i < array.size(); i++) {
            String where = field + "[" + i + "]";
            JsonObject o = object(array.get(i), label, where);
            String explanation = o.has("explanation") ? string(o, "explanation", label, where) : null;
            out.add(new Example(string(o, "input", label, where), string(o, "output", label, where), explanation));
        }
        return out;
    }

    private static JsonObject object(JsonElement e, String label, String where) {
        if (e == null || !e.isJsonObject()) {
            throw new SuperNiFormatException(label + ": field \"" + where + "\" must be an object");
        }
        return e.getAsJsonObject();
    }

    private static String string(JsonObject o, String field, String label, String where) {
        JsonElement e = o.get(field);
        String path = where.isEmpty() ? field : where + "." + field;
        if (e == null) {
            throw new SuperNiFormatException(label + ": missing field \"" + path + "\"");
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new SuperNiFormatException(label + ": field \"" + path + "\" must be a string");
        }
        return e.getAsString();
    }

    private static JsonArray array(JsonObject o, String field, String label, boolean required) {
        JsonElement e = o.get(field);
        if (e == null) {
            if (required) {
                throw new SuperNiFormatException(label + ": missing field \"" + field + "\"");
            }
            return null;
        }
        if (!e.isJsonArray()) {
            throw new SuperNiFormatException(label + ": field \"" + field + "\" must be a list");
        }
        return e.getAsJsonArray();
    }

    private static List<String> strings(JsonObject o, String field, String label, boolean required) {
        JsonArray array = array(o, field, label, required);
        List<String> out = new ArrayList<>();
        if (array == null) {
            return out;
        }
        for (JsonElement e : array) {
            if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                throw new SuperNiFormatException(label + ": field \"" + field + "\" must be a list of strings");
            }
            out.add(e.getAsString());
        }
        return out;
    }

    private static List<String> stringOrStrings(JsonObject o, String field, String label, boolean required) {
        JsonElement e = o.get(field);
        if (e != null && e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return List.of(e.getAsString());
        }
        if (e != null && !e.isJsonArray()) {
            throw new SuperNiFormatException(label + ": field \"" + field + "\" must be a list of strings");
        }
        return strings(o, field, label, required);
    }
}
