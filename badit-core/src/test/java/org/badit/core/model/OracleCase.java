package org.badit.core.model;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** One checkpoint of {@code ../shared/oracle/} with its expected logits and greedy continuations. */
record OracleCase(String name, Path dir, double tolerance, List<Prompt> prompts) {

    /** A prompt, the logits at each of its positions, and its 8-token greedy continuation (EOS not special). */
    record Prompt(int[] inputIds, float[][] logits, int[] greedy) {}

    /** The oracle directory, or null when {@code badit.shared.dir} is absent (tests then skip). */
    static Path root() {
        String shared = System.getProperty("badit.shared.dir");
        if (shared == null) {
            return null;
        }
        Path dir = Paths.get(shared, "oracle");
        return Files.isDirectory(dir) ? dir : null;
    }

    static List<OracleCase> all() throws IOException {
        Path root = root();
        List<OracleCase> out = new ArrayList<>();
        if (root == null) {
            return out;
        }
        try (Stream<Path> dirs = Files.list(root)) {
            for (Path dir : dirs.sorted().toList()) {
                if (Files.isRegularFile(dir.resolve("expected.json"))) {
                    out.add(read(dir));
                }
            }
        }
        return out;
    }

    static OracleCase read(Path dir) throws IOException {
        JsonObject e = JsonParser.parseString(Files.readString(dir.resolve("expected.json"))).getAsJsonObject();
        List<Prompt> prompts = new ArrayList<>();
        for (JsonElement c : e.getAsJsonArray("cases")) {
            JsonObject o = c.getAsJsonObject();
            JsonArray rows = o.getAsJsonArray("logits");
            float[][] logits = new float[rows.size()][];
            for (int i = 0; i < rows.size(); i++) {
                JsonArray row = rows.get(i).getAsJsonArray();
                logits[i] = new float[row.size()];
                for (int j = 0; j < row.size(); j++) {
                    logits[i][j] = row.get(j).getAsFloat();
                }
            }
            prompts.add(new Prompt(ints(o.getAsJsonArray("input_ids")), logits, ints(o.getAsJsonArray("greedy_next_8"))));
        }
        return new OracleCase(dir.getFileName().toString(), dir, e.get("tolerance_abs").getAsDouble(), prompts);
    }

    private static int[] ints(JsonArray a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).getAsInt();
        }
        return out;
    }

    @Override
    public String toString() {
        return name;
    }
}
