package org.badit.core.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Typed, validated access to a {@code config.json} object; every error names the file and the key. */
final class ConfigReader {

    private final Path file;
    private final JsonObject json;
    private final String prefix;

    ConfigReader(Path file, JsonObject json) {
        this(file, json, "");
    }

    private ConfigReader(Path file, JsonObject json, String prefix) {
        this.file = file;
        this.json = json;
        this.prefix = prefix;
    }

    Path file() {
        return file;
    }

    boolean has(String key) {
        JsonElement e = json.get(key);
        return e != null && !e.isJsonNull();
    }

    JsonObject object(String key) {
        if (!has(key)) {
            return null;
        }
        JsonElement e = json.get(key);
        if (!e.isJsonObject()) {
            throw error(key, "must be an object, got " + e);
        }
        return e.getAsJsonObject();
    }

    ConfigReader nested(String key) {
        JsonObject o = object(key);
        return o == null ? null : new ConfigReader(file, o, prefix + key + ".");
    }

    String requireString(String key) {
        if (!has(key)) {
            throw missing(key);
        }
        JsonElement e = json.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw error(key, "must be a string, got " + e);
        }
        return e.getAsString();
    }

    String optString(String key, String fallback) {
        return has(key) ? requireString(key) : fallback;
    }

    int requirePositiveInt(String key) {
        if (!has(key)) {
            throw missing(key);
        }
        int v = intValue(key);
        if (v <= 0) {
            throw error(key, "must be positive, got " + v);
        }
        return v;
    }

    int optPositiveInt(String key, int fallback) {
        return has(key) ? requirePositiveInt(key) : fallback;
    }

    Integer optInteger(String key) {
        return has(key) ? intValue(key) : null;
    }

    double optDouble(String key, double fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonElement e = json.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw error(key, "must be a number, got " + e);
        }
        return e.getAsDouble();
    }

    boolean optBoolean(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonElement e = json.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw error(key, "must be true or false, got " + e);
        }
        return e.getAsBoolean();
    }

    /** An int or a list of ints (as {@code eos_token_id} in Llama 3). */
    List<Integer> optIntList(String key) {
        List<Integer> out = new ArrayList<>();
        if (!has(key)) {
            return out;
        }
        JsonElement e = json.get(key);
        if (e.isJsonArray()) {
            JsonArray a = e.getAsJsonArray();
            for (JsonElement x : a) {
                out.add(asInt(key, x));
            }
        } else {
            out.add(asInt(key, e));
        }
        return out;
    }

    List<String> optStringList(String key) {
        if (!has(key)) {
            return null;
        }
        JsonElement e = json.get(key);
        if (!e.isJsonArray()) {
            throw error(key, "must be a list of strings, got " + e);
        }
        List<String> out = new ArrayList<>();
        for (JsonElement x : e.getAsJsonArray()) {
            if (!x.isJsonPrimitive() || !x.getAsJsonPrimitive().isString()) {
                throw error(key, "must be a list of strings, got " + e);
            }
            out.add(x.getAsString());
        }
        return out;
    }

    private int intValue(String key) {
        return asInt(key, json.get(key));
    }

    private int asInt(String key, JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw error(key, "must be an integer, got " + e);
        }
        double d = e.getAsDouble();
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw error(key, "must be an integer, got " + e);
        }
        return (int) d;
    }

    ModelFormatException missing(String key) {
        return error(key, "missing required key");
    }

    ModelFormatException error(String key, String message) {
        return new ModelFormatException(file, "key '" + prefix + key + "': " + message);
    }
}
