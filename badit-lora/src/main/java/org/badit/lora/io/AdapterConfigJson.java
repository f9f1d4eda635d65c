package org.badit.lora.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.LoraConfig;
import org.badit.lora.TargetModules;

/**
 * PEFT's {@code adapter_config.json} for LoRA, written with the fields PEFT reads and read strictly: options this
 * library does not implement (DoRA, rank/alpha patterns, modules_to_save, fan_in_fan_out, ...) are errors, not
 * silently ignored.
 */
public final class AdapterConfigJson {

    private AdapterConfigJson() {}

    /**
     * Renders a configuration as PEFT writes it.
     *
     * @param config the configuration
     * @return pretty-printed JSON
     */
    public static String toJson(LoraConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peft_type", "LORA");
        m.put("task_type", config.taskType());
        m.put("base_model_name_or_path", config.baseModelNameOrPath());
        m.put("r", config.r());
        m.put("lora_alpha", number(config.loraAlpha()));
        m.put("lora_dropout", number(config.loraDropout()));
        m.put("target_modules", config.targetModules().toPeft());
        String init = config.initLoraWeights();
        m.put("init_lora_weights", init.equals("true") ? (Object) Boolean.TRUE : init);
        m.put("use_rslora", config.useRslora());
        m.put("bias", config.bias());
        m.put("fan_in_fan_out", false);
        m.put("use_dora", false);
        m.put("inference_mode", true);
        m.put("modules_to_save", null);
        m.put("layers_to_transform", null);
        m.put("rank_pattern", Map.of());
        m.put("alpha_pattern", Map.of());
        m.put("revision", null);
        return new GsonBuilder().serializeNulls().setPrettyPrinting().disableHtmlEscaping().create().toJson(m) + "\n";
    }

    // PEFT writes integers for integral alphas (lora_alpha: 16), so tools that compare configs see the same file.
    private static Number number(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e9 ? (Number) (long) v : (Number) v;
    }

    /**
     * Writes the configuration atomically.
     *
     * @param file the target file
     * @param config the configuration
     */
    public static void write(Path file, LoraConfig config) {
        AtomicFiles.writeString(file, toJson(config));
    }

    /**
     * Reads and validates {@code adapter_config.json}.
     *
     * @param file the file
     * @return the configuration
     * @throws AdapterFormatException naming the file and field on any problem
     */
    public static LoraConfig read(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AdapterFormatException(file, "cannot read adapter config: " + e, e);
        }
        JsonObject o;
        try {
            JsonElement root = JsonParser.parseString(text);
            if (!root.isJsonObject()) {
                throw new AdapterFormatException(file, "adapter config must be a JSON object");
            }
            o = root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new AdapterFormatException(file, "malformed JSON: " + e.getMessage(), e);
        }
        String peftType = string(file, o, "peft_type", true);
        if (!"LORA".equals(peftType)) {
            throw new AdapterFormatException(file, "field \"peft_type\" is '" + peftType + "'; only LORA is supported");
        }
        requireAbsentOrFalse(file, o, "use_dora");
        requireAbsentOrFalse(file, o, "fan_in_fan_out");
        requireAbsentOrEmpty(file, o, "rank_pattern");
        requireAbsentOrEmpty(file, o, "alpha_pattern");
        requireAbsentOrEmpty(file, o, "modules_to_save");
        requireAbsentOrEmpty(file, o, "layers_to_transform");
        try {
            return LoraConfig.builder()
                    .optR(integer(file, o, "r"))
                    .optLoraAlpha(floating(file, o, "lora_alpha", Float.NaN))
                    .optLoraDropout(floating(file, o, "lora_dropout", 0f))
                    .setTargetModules(targets(file, o))
                    .optUseRslora(bool(file, o, "use_rslora"))
                    .optInitLoraWeights(init(file, o))
                    .optBias(o.has("bias") && !o.get("bias").isJsonNull() ? string(file, o, "bias", true) : "none")
                    .optTaskType(string(file, o, "task_type", false))
                    .optBaseModelNameOrPath(string(file, o, "base_model_name_or_path", false))
                    .build();
        } catch (IllegalArgumentException e) {
            throw new AdapterFormatException(file, e.getMessage(), e);
        }
    }

    private static TargetModules targets(Path file, JsonObject o) {
        JsonElement t = o.get("target_modules");
        if (t == null || t.isJsonNull()) {
            throw new AdapterFormatException(file, "missing field \"target_modules\"");
        }
        return TargetModules.fromJson(t, problem -> new AdapterFormatException(file, "field \"target_modules\" "
                + problem));
    }

    private static String init(Path file, JsonObject o) {
        JsonElement e = o.get("init_lora_weights");
        if (e == null || e.isJsonNull()) {
            return "true";
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isBoolean()) {
            // false (random B) only matters at creation time; for loading, the saved A and B replace any init.
            return "true";
        }
        if (e.isJsonPrimitive() && e.getAsJsonPrimitive().isString()) {
            return e.getAsString();
        }
        throw new AdapterFormatException(file, "field \"init_lora_weights\" must be a boolean or a string, got " + e);
    }

    private static String string(Path file, JsonObject o, String field, boolean required) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            if (required) {
                throw new AdapterFormatException(file, "missing field \"" + field + "\"");
            }
            return null;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new AdapterFormatException(file, "field \"" + field + "\" must be a string, got " + e);
        }
        return e.getAsString();
    }

    private static int integer(Path file, JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            throw new AdapterFormatException(file, "missing field \"" + field + "\"");
        }
        JsonPrimitive p = e.isJsonPrimitive() ? e.getAsJsonPrimitive() : null;
        if (p == null || !p.isNumber()) {
            throw new AdapterFormatException(file, "field \"" + field + "\" must be an integer, got " + e);
        }
        // Exactly: getAsInt() keeps the low 32 bits of 4294967298 (giving 2) and throws NumberFormatException for
        // exponents Gson refuses (1e999999999).
        try {
            return p.getAsBigDecimal().intValueExact();
        } catch (ArithmeticException | NumberFormatException notAnInt) {
            throw new AdapterFormatException(file, "field \"" + field + "\" must be an integer in the int range, got "
                    + e);
        }
    }

    private static float floating(Path file, JsonObject o, String field, float absent) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            if (Float.isNaN(absent)) {
                throw new AdapterFormatException(file, "missing field \"" + field + "\"");
            }
            return absent;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new AdapterFormatException(file, "field \"" + field + "\" must be a number, got " + e);
        }
        float v = e.getAsFloat();
        if (!Float.isFinite(v)) {
            throw new AdapterFormatException(file, "field \"" + field + "\" must be a finite number, got " + e);
        }
        return v;
    }

    private static boolean bool(Path file, JsonObject o, String field) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            return false;
        }
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new AdapterFormatException(file, "field \"" + field + "\" must be true or false, got " + e);
        }
        return e.getAsBoolean();
    }

    private static void requireAbsentOrFalse(Path file, JsonObject o, String field) {
        if (bool(file, o, field)) {
            throw new AdapterFormatException(file, "field \"" + field + "\" is true, which this library does not "
                    + "implement");
        }
    }

    private static void requireAbsentOrEmpty(Path file, JsonObject o, String field) {
        JsonElement e = o.get(field);
        boolean empty = e == null || e.isJsonNull() || (e.isJsonObject() && e.getAsJsonObject().size() == 0)
                || (e.isJsonArray() && e.getAsJsonArray().isEmpty());
        if (!empty) {
            throw new AdapterFormatException(file, "field \"" + field + "\" is set (" + e + "), which this library "
                    + "does not implement");
        }
    }
}
