package org.badit.core.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.badit.core.model.ModelFormatException;

/**
 * A checkpoint's {@code tokenizer.json}, run by DJL's Hugging Face tokenizers (native library inside the jar; works
 * offline).
 *
 * <p>Special ids, first found wins: {@code generation_config.json}, then {@code config.json} ({@code bos_token_id},
 * {@code eos_token_id} — an int or a list —, {@code pad_token_id}), then the token strings of
 * {@code tokenizer_config.json} ({@code bos_token}, {@code eos_token}, {@code pad_token}) looked up in
 * {@code tokenizer.json}'s vocabulary and added tokens.
 */
public final class HfTokenizer implements Tokenizer {

    /** The tokenizer file of a checkpoint. */
    public static final String FILE_NAME = "tokenizer.json";

    private final HuggingFaceTokenizer tokenizer;
    private final Integer bos;
    private final List<Integer> eos;
    private final Integer pad;
    private final int vocabSize;

    private HfTokenizer(HuggingFaceTokenizer tokenizer, Integer bos, List<Integer> eos, Integer pad, int vocabSize) {
        this.tokenizer = tokenizer;
        this.bos = bos;
        this.eos = List.copyOf(eos);
        this.pad = pad;
        this.vocabSize = vocabSize;
    }

    /**
     * Opens the tokenizer of a model directory.
     *
     * @param dir the directory holding {@code tokenizer.json} (and optionally the config files)
     * @return the tokenizer
     * @throws ModelFormatException naming the file when a file is missing or malformed
     */
    public static HfTokenizer open(Path dir) {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new ModelFormatException(file, "no such file; the model directory has no Hugging Face tokenizer");
        }
        JsonObject tokenizerJson = readJson(file);
        Map<String, Integer> vocab = vocabulary(file, tokenizerJson);
        checkUnknownToken(file, tokenizerJson);
        checkTemplates(file, "post_processor", tokenizerJson.get("post_processor"));
        Json generation = Json.optional(dir.resolve("generation_config.json"));
        Json config = Json.optional(dir.resolve("config.json"));
        Json tokenizerConfig = Json.optional(dir.resolve("tokenizer_config.json"));

        Integer bos = firstId("bos", generation, config, tokenizerConfig, vocab);
        List<Integer> eos = ids("eos_token_id", generation);
        if (eos.isEmpty()) {
            eos = ids("eos_token_id", config);
        }
        if (eos.isEmpty()) {
            Integer fromToken = tokenId(tokenizerConfig, "eos_token", vocab);
            if (fromToken != null) {
                eos = List.of(fromToken);
            }
        }
        Integer pad = firstId("pad", generation, config, tokenizerConfig, vocab);
        int size = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        Map<String, String> options = new HashMap<>();
        options.put("addSpecialTokens", "true");
        options.put("truncation", "false");
        options.put("padding", "false");
        try {
            return new HfTokenizer(HuggingFaceTokenizer.newInstance(file, options), bos, eos, pad, size);
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(file, "cannot load the tokenizer: " + e.getMessage(), e);
        }
    }

    /** {@inheritDoc} */
    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        long[] ids = tokenizer.encode(text, addSpecialTokens, false).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = Math.toIntExact(ids[i]);
        }
        return out;
    }

    /** {@inheritDoc} */
    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, skipSpecialTokens);
    }

    /** {@inheritDoc} */
    @Override
    public Integer bosId() {
        return bos;
    }

    /** {@inheritDoc} */
    @Override
    public List<Integer> eosIds() {
        return eos;
    }

    /** {@inheritDoc} */
    @Override
    public int padId() {
        return pad != null ? pad : eos.isEmpty() ? 0 : eos.get(0);
    }

    /** {@inheritDoc} */
    @Override
    public int vocabSize() {
        return vocabSize;
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        tokenizer.close();
    }

    /** An optional JSON file and its object, or neither. */
    private record Json(Path file, JsonObject object) {
        static Json optional(Path file) {
            return Files.isRegularFile(file) ? new Json(file, readJson(file)) : null;
        }
    }

    private static Integer firstId(String kind, Json generation, Json config, Json tokenizerConfig,
            Map<String, Integer> vocab) {
        List<Integer> fromGeneration = ids(kind + "_token_id", generation);
        if (!fromGeneration.isEmpty()) {
            return fromGeneration.get(0);
        }
        List<Integer> fromConfig = ids(kind + "_token_id", config);
        if (!fromConfig.isEmpty()) {
            return fromConfig.get(0);
        }
        return tokenId(tokenizerConfig, kind + "_token", vocab);
    }

    private static List<Integer> ids(String key, Json json) {
        List<Integer> out = new ArrayList<>();
        if (json == null || !json.object().has(key) || json.object().get(key).isJsonNull()) {
            return out;
        }
        JsonElement e = json.object().get(key);
        if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> out.add(id(json.file(), key, x)));
        } else {
            out.add(id(json.file(), key, e));
        }
        return new ArrayList<>(new LinkedHashSet<>(out));
    }

    /** A token id: an integer in [0, 2^31 - 1), exactly (getAsInt keeps the low bits of 4294967298). */
    private static int id(Path file, String field, JsonElement e) {
        long v;
        try {
            v = e.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
        } catch (RuntimeException notAnInteger) {
            v = -1;
        }
        if (v < 0 || v >= Integer.MAX_VALUE) {
            throw new ModelFormatException(file, "field \"" + field + "\" must hold token ids (integers in [0, "
                    + (Integer.MAX_VALUE - 1) + "]), got " + abbreviate(e));
        }
        return (int) v;
    }

    private static String string(Path file, String field, JsonElement e) {
        if (e == null || !e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
            throw new ModelFormatException(file, "field \"" + field + "\" must be a string, got " + abbreviate(e));
        }
        return e.getAsString();
    }

    private static String abbreviate(JsonElement e) {
        String s = String.valueOf(e);
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** The id of a token string from tokenizer_config.json ({@code "</s>"} or {@code {"content": "</s>"}}). */
    private static Integer tokenId(Json tokenizerConfig, String key, Map<String, Integer> vocab) {
        if (tokenizerConfig == null || !tokenizerConfig.object().has(key)
                || tokenizerConfig.object().get(key).isJsonNull()) {
            return null;
        }
        JsonElement e = tokenizerConfig.object().get(key);
        String content = e.isJsonObject() ? string(tokenizerConfig.file(), key + ".content",
                e.getAsJsonObject().get("content")) : string(tokenizerConfig.file(), key, e);
        return vocab.get(content);
    }

    /**
     * The model's {@code unk_token} must be in the vocabulary: the tokenizers library only finds out when a text has
     * an unknown word, and then fails the encode with a bare RuntimeException.
     */
    private static void checkUnknownToken(Path file, JsonObject tokenizerJson) {
        JsonElement model = tokenizerJson.get("model");
        JsonElement unk = model != null && model.isJsonObject() ? model.getAsJsonObject().get("unk_token") : null;
        if (unk == null || unk.isJsonNull()) {
            return;
        }
        String token = string(file, "model.unk_token", unk);
        // The model's own vocabulary: an added token of that name does not count.
        JsonElement own = model.getAsJsonObject().get("vocab");
        if (own != null && own.isJsonObject() && !own.getAsJsonObject().has(token)) {
            throw new ModelFormatException(file, "field \"model.unk_token\" is '" + token + "', which is not in "
                    + "\"model.vocab\"");
        }
    }

    /**
     * Every special token a TemplateProcessing post-processor puts into {@code single} or {@code pair} must be
     * defined in its {@code special_tokens}: the tokenizers library (0.21) panics on the first encode otherwise, and
     * a panic across the JNI aborts the JVM. Their ids are token ids (2^31 came back from encode as a long that
     * does not fit an int).
     */
    private static void checkTemplates(Path file, String where, JsonElement processor) {
        if (processor == null || !processor.isJsonObject()) {
            return;
        }
        JsonObject o = processor.getAsJsonObject();
        JsonElement type = o.get("type");
        String kind = type != null && type.isJsonPrimitive() ? type.getAsString() : "";
        JsonElement processors = o.get("processors");
        if (kind.equals("Sequence") && processors != null && processors.isJsonArray()) {
            for (int i = 0; i < processors.getAsJsonArray().size(); i++) {
                checkTemplates(file, where + ".processors[" + i + "]", processors.getAsJsonArray().get(i));
            }
            return;
        }
        if (!kind.equals("TemplateProcessing")) {
            return;
        }
        JsonElement special = o.get("special_tokens");
        java.util.Set<String> defined = special != null && special.isJsonObject() ? special.getAsJsonObject().keySet()
                : java.util.Set.of();
        for (String name : defined) {
            JsonElement entry = special.getAsJsonObject().get(name);
            JsonElement ids = entry.isJsonObject() ? entry.getAsJsonObject().get("ids") : null;
            if (ids != null && ids.isJsonArray()) {
                for (JsonElement id : ids.getAsJsonArray()) {
                    id(file, where + ".special_tokens." + name + ".ids", id);
                }
            }
        }
        for (String part : new String[] {"single", "pair"}) {
            JsonElement pieces = o.get(part);
            if (pieces == null || !pieces.isJsonArray()) {
                continue;
            }
            for (JsonElement piece : pieces.getAsJsonArray()) {
                JsonElement token = piece.isJsonObject() ? piece.getAsJsonObject().get("SpecialToken") : null;
                JsonElement id = token != null && token.isJsonObject() ? token.getAsJsonObject().get("id") : null;
                if (id != null && id.isJsonPrimitive() && !defined.contains(id.getAsString())) {
                    throw new ModelFormatException(file, "field \"" + where + "." + part + "\" uses the special token '"
                            + id.getAsString() + "', which \"" + where + ".special_tokens\" does not define");
                }
            }
        }
    }

    private static Map<String, Integer> vocabulary(Path file, JsonObject tokenizerJson) {
        Map<String, Integer> vocab = new HashMap<>();
        JsonElement model = tokenizerJson.get("model");
        if (model != null && model.isJsonObject()) {
            JsonElement v = model.getAsJsonObject().get("vocab");
            if (v != null && v.isJsonObject()) {
                v.getAsJsonObject().entrySet().forEach(en -> vocab.put(en.getKey(), id(file, "model.vocab."
                        + en.getKey(), en.getValue())));
            }
        }
        JsonElement added = tokenizerJson.get("added_tokens");
        if (added != null && added.isJsonArray()) {
            int i = 0;
            for (JsonElement t : added.getAsJsonArray()) {
                String where = "added_tokens[" + i++ + "]";
                if (!t.isJsonObject()) {
                    throw new ModelFormatException(file, "field \"" + where + "\" must be an object, got "
                            + abbreviate(t));
                }
                JsonObject o = t.getAsJsonObject();
                vocab.put(string(file, where + ".content", o.get("content")), id(file, where + ".id", o.get("id")));
            }
        }
        return vocab;
    }

    private static JsonObject readJson(Path file) {
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new ModelFormatException(file, "must hold a JSON object");
            }
            return e.getAsJsonObject();
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read: " + e.getMessage(), e);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException e) {
            throw new ModelFormatException(file, "malformed JSON: " + e.getMessage(), e);
        }
    }
}
