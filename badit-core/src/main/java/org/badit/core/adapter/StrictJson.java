package org.badit.core.adapter;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.badit.lora.io.AdapterFormatException;

/**
 * Reads fields of a JSON object strictly: a missing required field or a value of the wrong type is an
 * {@link AdapterFormatException} naming the file and the field, never a silent default.
 */
final class StrictJson {

    private final Path file;
    private final JsonObject object;
    private final String prefix;

    private StrictJson(Path file, JsonObject object, String prefix) {
        this.file = file;
        this.object = object;
        this.prefix = prefix;
    }

    /**
     * Parses a file that must hold one JSON object.
     *
     * @param file the file
     * @return its fields
     */
    static StrictJson read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new AdapterFormatException(file, "missing file", e);
        } catch (IOException e) {
            throw new AdapterFormatException(file, "cannot read: " + e, e);
        }
        JsonElement root;
        try {
            root = JsonParser.parseString(text);
        } catch (JsonParseException e) {
            throw new AdapterFormatException(file, "malformed JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isJsonObject()) {
            throw new AdapterFormatException(file, "must hold a JSON object, got " + abbreviate(root));
        }
        return new StrictJson(file, root.getAsJsonObject(), "");
    }

    boolean has(String field) {
        JsonElement e = object.get(field);
        return e != null && !e.isJsonNull();
    }

    StrictJson object(String field) {
        JsonElement e = require(field);
        if (!e.isJsonObject()) {
            throw wrongType(field, "an object", e);
        }
        return new StrictJson(file, e.getAsJsonObject(), prefix + field + ".");
    }

    String string(String field) {
        JsonElement e = require(field);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw wrongType(field, "a string", e);
        }
        return e.getAsString();
    }

    String optString(String field) {
        return has(field) ? string(field) : null;
    }

    long integer(String field) {
        JsonElement e = require(field);
        JsonPrimitive p = e.isJsonPrimitive() ? e.getAsJsonPrimitive() : null;
        if (p == null || !p.isNumber()) {
            throw wrongType(field, "an integer", e);
        }
        try {
            return p.getAsBigDecimal().longValueExact();
        } catch (ArithmeticException | NumberFormatException ex) {
            throw wrongType(field, "an integer", e);
        }
    }

    int positiveInt(String field) {
        long v = integer(field);
        if (v < 1 || v > Integer.MAX_VALUE) {
            throw new AdapterFormatException(file, "field \"" + prefix + field + "\" must be a positive integer, got "
                    + v);
        }
        return (int) v;
    }

    int nonNegativeInt(String field) {
        long v = integer(field);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new AdapterFormatException(file, "field \"" + prefix + field + "\" must be a non-negative integer, "
                    + "got " + v);
        }
        return (int) v;
    }

    double number(String field) {
        JsonElement e = require(field);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw wrongType(field, "a number", e);
        }
        double v = e.getAsDouble();
        if (!Double.isFinite(v)) {
            throw wrongType(field, "a finite number", e);
        }
        return v;
    }

    boolean bool(String field) {
        JsonElement e = require(field);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw wrongType(field, "true or false", e);
        }
        return e.getAsBoolean();
    }

    List<String> strings(String field) {
        JsonElement e = require(field);
        if (!e.isJsonArray()) {
            throw wrongType(field, "a list of strings", e);
        }
        List<String> out = new ArrayList<>();
        for (JsonElement item : (JsonArray) e) {
            if (!item.isJsonPrimitive() || !item.getAsJsonPrimitive().isString()) {
                throw wrongType(field, "a list of strings", e);
            }
            out.add(item.getAsString());
        }
        return out;
    }

    /** The raw element, for fields that may take several forms (target_modules: a list or a string). */
    JsonElement element(String field) {
        return require(field);
    }

    AdapterFormatException error(String field, String message) {
        return new AdapterFormatException(file, "field \"" + prefix + field + "\" " + message);
    }

    Path file() {
        return file;
    }

    private JsonElement require(String field) {
        JsonElement e = object.get(field);
        if (e == null || e.isJsonNull()) {
            throw new AdapterFormatException(file, "missing field \"" + prefix + field + "\"");
        }
        return e;
    }

    private AdapterFormatException wrongType(String field, String expected, JsonElement got) {
        return new AdapterFormatException(file, "field \"" + prefix + field + "\" must be " + expected + ", got "
                + abbreviate(got));
    }

    private static String abbreviate(JsonElement e) {
        String s = String.valueOf(e);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }
}
