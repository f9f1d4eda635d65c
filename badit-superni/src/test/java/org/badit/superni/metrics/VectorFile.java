package org.badit.superni.metrics;

import com.google.gson.Gson;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the shared ROUGE vector TSVs (a header row, then JSON-encoded fields). */
final class VectorFile {

    private static final Gson GSON = new Gson();

    record Row(String id, String prediction, List<String> references, double rougeL, String fraction, int exactMatch,
            List<String> predictionTokens, List<List<String>> referenceTokens, String note) {}

    private VectorFile() {}

    static List<Row> read(Path path) throws IOException {
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        if (!lines.get(0).startsWith("id\tprediction_json\treferences_json\trougeL_f1")) {
            throw new IllegalStateException(path + ": unexpected header " + lines.get(0));
        }
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            rows.add(new Row(f[0], GSON.fromJson(f[1], String.class),
                    GSON.fromJson(f[2], new TypeToken<List<String>>() {}.getType()), Double.parseDouble(f[3]), f[4],
                    Integer.parseInt(f[5]), GSON.fromJson(f[6], new TypeToken<List<String>>() {}.getType()),
                    GSON.fromJson(f[7], new TypeToken<List<List<String>>>() {}.getType()), f[8]));
        }
        return rows;
    }
}
