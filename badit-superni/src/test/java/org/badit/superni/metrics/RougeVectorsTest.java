package org.badit.superni.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.badit.superni.SharedData;
import org.junit.jupiter.api.Test;

/** Every row of the reference implementation's vectors: tokens, ROUGE-L (exact fraction) and exact match. */
class RougeVectorsTest {

    @Test
    void defaultTrackVectors() throws IOException {
        checkAll(SharedData.require("vectors/rouge_vectors.tsv"), Track.DEFAULT, 41);
    }

    @Test
    void xlingualTrackVectors() throws IOException {
        checkAll(SharedData.require("vectors/rouge_vectors_xlingual.tsv"), Track.XLINGUAL, 14);
    }

    @Test
    void porterVectors() throws IOException {
        Path path = SharedData.require("vectors/porter_vectors.tsv");
        PorterStemmer stemmer = new PorterStemmer();
        List<String> lines = Files.readAllLines(path, StandardCharsets.UTF_8);
        assertEquals("word\tstem\tsource", lines.get(0));
        List<String> wrong = new ArrayList<>();
        int n = 0;
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split("\t", -1);
            n++;
            if (!stemmer.stem(f[0]).equals(f[1])) {
                wrong.add(f[0] + " -> " + stemmer.stem(f[0]) + " (expected " + f[1] + ")");
            }
        }
        assertEquals(686, n);
        assertEquals(List.of(), wrong);
    }

    private static void checkAll(Path path, Track track, int expectedRows) throws IOException {
        List<VectorFile.Row> rows = VectorFile.read(path);
        assertEquals(expectedRows, rows.size(), "rows in " + path);
        List<String> failures = new ArrayList<>();
        for (VectorFile.Row row : rows) {
            RougeTokenizer tokenizer = track.tokenizer();
            List<String> tokens = tokenizer.tokenize(row.prediction());
            if (!tokens.equals(row.predictionTokens())) {
                failures.add(row.id() + ": prediction tokens " + tokens + " != " + row.predictionTokens());
            }
            for (int i = 0; i < row.references().size(); i++) {
                List<String> refTokens = tokenizer.tokenize(row.references().get(i));
                if (!refTokens.equals(row.referenceTokens().get(i))) {
                    failures.add(row.id() + ": reference tokens " + refTokens + " != " + row.referenceTokens().get(i));
                }
            }
            InstanceScore s = SuperNiEvaluator.scoreInstance(row.id(), row.prediction(), row.references(), track);
            if (Math.abs(s.rougeL() - row.rougeL()) > 1e-6 || Math.abs(s.rougeL() - fraction(row.fraction())) > 1e-12) {
                failures.add(row.id() + ": rougeL " + s.rougeL() + " != " + row.rougeL());
            }
            if (s.exactMatch() != row.exactMatch()) {
                failures.add(row.id() + ": exact match " + s.exactMatch() + " != " + row.exactMatch());
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private static double fraction(String text) {
        int slash = text.indexOf('/');
        return slash < 0 ? Double.parseDouble(text)
                : Double.parseDouble(text.substring(0, slash)) / Double.parseDouble(text.substring(slash + 1));
    }
}
