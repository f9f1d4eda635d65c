package org.badit.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

class ComparisonReportTest {

    private static final int W = 640;
    private static final int H = 400;

    @TempDir
    Path dir;

    private List<MethodResult> threeMethods(boolean anyAngles) throws IOException {
        return ReportFixtures.results(
                ReportFixtures.log(dir, "lora", 120, 3.0, false, 1),
                ReportFixtures.log(dir, "loramoe", 120, 3.2, false, 2),
                ReportFixtures.log(dir, "badit", 120, 2.8, anyAngles, 3));
    }

    private ComparisonReport report(List<MethodResult> results) {
        ComparisonReport.Builder b = ComparisonReport.builder().setTitle("Synthetic 3 tasks")
                .optNotes("Synthetic numbers for a test.")
                .optMachine(Map.of("cpu", "2 cores"))
                .optConfig(Map.of("rank", 8))
                .optPlotSize(W, H);
        results.forEach(b::addResult);
        return b.build();
    }

    @Test
    void writesAllFilesAndPlotsOfTheRequestedSize() throws IOException {
        Path out = dir.resolve("report");
        ReportFiles files = report(threeMethods(true)).write(out);
        assertEquals(out.resolve("report.md"), files.markdown());
        assertEquals(5, files.all().size());
        for (Path p : files.all()) {
            assertTrue(Files.size(p) > 0, p + " is empty");
        }
        for (Path png : List.of(files.lossPlot(), files.rougePlot(), files.anglesPlot())) {
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, png + " does not decode");
            assertEquals(W, img.getWidth());
            assertEquals(H, img.getHeight());
            assertFalse(isBlank(img), png + " has nothing drawn");
        }
        String md = Files.readString(files.markdown());
        assertTrue(md.contains("](loss.png)") && md.contains("](rouge_per_task.png)")
                && md.contains("](expert_angles.png)"), "plots are linked relatively");
        assertTrue(md.contains("How to read this"));
        assertTrue(md.contains("Synthetic numbers for a test."));
    }

    @Test
    void markdownTableHasTheNumbersWithTheBestOfEachColumnInBold() throws IOException {
        String md = Files.readString(report(threeMethods(true)).write(dir.resolve("r")).markdown());
        List<String> header = row(md, "Method");
        assertEquals(List.of("Method", "task190_snli", "task1290_xsum", "task200_mnli", "ROUGE-L", "EM",
                "Train time", "Trainable params"), header);
        assertEquals(List.of("lora", "50.00", "**33.33**", "40.10", "41.23", "20.50", "2m 05s", "4.19M (0.84%)"),
                row(md, "lora"));
        assertEquals(List.of("loramoe", "51.00", "30.00", "**48.75**", "43.00", "21.00", "**1m 38s**",
                "4.20M (0.84%)"), row(md, "loramoe"));
        assertEquals(List.of("badit", "**61.50**", "**33.33**", "47.00", "**47.89**", "**25.25**",
                "1h 02m 05s", "**4.00M (0.80%)**"), row(md, "badit"));
    }

    @Test
    void columnWhereAllMethodsAreEqualHasNoBold() throws IOException {
        ComparisonReport r = ComparisonReport.builder()
                .addResult(MethodResult.builder("a").setScores(10, 5).setParameters(100, 1000).build())
                .addResult(MethodResult.builder("b").setScores(12, 5).setParameters(100, 1000).build())
                .build();
        String md = Files.readString(r.write(dir.resolve("eq")).markdown());
        assertEquals(List.of("b", "**12.00**", "5.00", "–", "100 (10.0%)"), row(md, "b"));
    }

    @Test
    void jsonRoundTrips() throws IOException {
        List<MethodResult> results = new ArrayList<>(threeMethods(true));
        results.set(0, MethodResult.builder("lora-cl").setScores(1, Double.NaN).addTask("t", 3)
                .optContinual(40.0, 5.5, -5.5, null).optColla(-1.25).build());
        ComparisonReport.Builder builder = ComparisonReport.builder().setTitle("CL").optNotes("n")
                .optMachine(Map.of("cpu", "2 cores")).optPlotSize(W, H)
                .addAccuracyMatrix("lora-cl", AccuracyMatrixReport.builder()
                        .setMatrix(List.of("a", "b"), new double[][] {{70, Double.NaN}, {60, 50}})
                        .addSummary("Bwt", -10).optTitle("lora-cl accuracy").build());
        results.forEach(builder::addResult);
        ComparisonReport original = builder.build();
        ReportFiles files = original.write(dir.resolve("json"));
        assertEquals(List.of(dir.resolve("json/accuracy_matrix_lora-cl.png")), files.accuracyPlots());
        assertEquals(6, files.all().size());
        assertNotNull(ImageIO.read(files.accuracyPlots().get(0).toFile()));
        String md = Files.readString(files.markdown());
        assertTrue(md.contains("### lora-cl: lora-cl accuracy") && md.contains("](accuracy_matrix_lora-cl.png)"), md);
        assertTrue(md.contains("| 2. b | 60.00 | **50.00** |"), md);

        ComparisonReport back = ComparisonReport.read(files.json());
        assertEquals(original.getResults(), back.getResults());
        AccuracyMatrixReport m = back.getAccuracyMatrices().get("lora-cl");
        assertEquals(60, m.get(1, 0));
        assertTrue(Double.isNaN(m.get(0, 1)));
        assertEquals(Map.of("Bwt", -10.0), m.getSummary());
        assertEquals("lora-cl accuracy", m.getTitle());
        assertEquals(original.getTitle(), back.getTitle());
        assertEquals(original.getNotes(), back.getNotes());
        assertEquals("2 cores", back.getMachine().get("cpu"));
        assertEquals(original.renderTable(), back.renderTable());
        assertTrue(Files.readString(files.json()).contains("\"ROUGE-L\": \"badit\""), "best method per column");
    }

    @Test
    void consoleTableAligns() throws IOException {
        String table = report(threeMethods(false)).renderTable();
        List<String> lines = new ArrayList<>(Arrays.asList(table.split("\n")));
        assertEquals("* best in column", lines.remove(lines.size() - 1));
        assertEquals(5, lines.size(), table); // header, rule, three methods
        int width = lines.get(0).length();
        List<Integer> bars = separators(lines.get(0), '|');
        assertEquals(7, bars.size());
        for (String line : lines) {
            assertEquals(width, line.length(), "line width differs:\n" + table);
            assertEquals(bars, separators(line, line.startsWith("-") ? '+' : '|'), "columns misaligned:\n" + table);
        }
        assertTrue(lines.get(4).startsWith("badit "));
        assertTrue(lines.get(4).contains("47.89*"), table);
        assertTrue(lines.get(2).contains(" 41.23 "), table);
        assertFalse(table.contains("**"));
    }

    @Test
    void noAngleDataMeansNoAnglesPlot() throws IOException {
        Path out = dir.resolve("noangles");
        Files.createDirectories(out);
        Files.writeString(out.resolve("expert_angles.png"), "stale"); // from an earlier run
        ReportFiles files = report(threeMethods(false)).write(out);
        assertNull(files.anglesPlot());
        assertFalse(Files.exists(out.resolve("expert_angles.png")));
        assertNotNull(files.lossPlot());
        String md = Files.readString(files.markdown());
        assertFalse(md.contains("expert_angles.png"));
        assertFalse(Files.readString(files.json()).contains("expert_angles"));
    }

    @Test
    void noMetricsLogsMeansNoLossPlotButStillTheTableAndRougePlot() throws IOException {
        ReportFiles files = ComparisonReport.builder()
                .addResult(MethodResult.builder("lora").setScores(10, 5).addTask("t1", 10).build())
                .addResult(MethodResult.builder("badit").setScores(12, 6).build())
                .build().write(dir.resolve("nolog"));
        assertNull(files.lossPlot());
        assertNull(files.anglesPlot());
        assertNotNull(ImageIO.read(files.rougePlot().toFile()));
        // badit has no score for t1: a dash, not a zero.
        assertEquals(List.of("badit", "–", "**12.00**", "**6.00**", "–", "0"),
                row(Files.readString(files.markdown()), "badit"));
    }

    @Test
    void malformedMetricsLogFailsTheReportNamingTheLine() throws IOException {
        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(bad, "{\"step\": 1, \"loss\": 1}\n{oops\n");
        ComparisonReport r = ComparisonReport.builder()
                .addResult(MethodResult.builder("lora").setScores(1, 1).optMetricsLog(bad).build()).build();
        IOException e = assertThrows(IOException.class, () -> r.write(dir.resolve("bad")));
        assertTrue(e.getMessage().contains("bad.jsonl:2:"), e.getMessage());
    }

    @Test
    void duplicateMethodIsRejected() {
        ComparisonReport.Builder b = ComparisonReport.builder()
                .addResult(MethodResult.builder("lora").build());
        assertThrows(IllegalArgumentException.class, () -> b.addResult(MethodResult.builder("lora").build()));
        assertThrows(IllegalStateException.class, () -> ComparisonReport.builder().build());
    }

    /** The cells of the Markdown table row whose first cell is {@code first}. */
    private static List<String> row(String md, String first) {
        for (String line : md.split("\n")) {
            if (line.startsWith("| " + first + " |")) {
                String[] cells = line.substring(1, line.length() - 1).split("\\|");
                return Arrays.stream(cells).map(String::strip).toList();
            }
        }
        throw new AssertionError("no row " + first + " in\n" + md);
    }

    private static List<Integer> separators(String line, char c) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == c) {
                out.add(i);
            }
        }
        return out;
    }

    private static boolean isBlank(BufferedImage img) {
        int first = img.getRGB(0, 0);
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                if (img.getRGB(x, y) != first) {
                    return false;
                }
            }
        }
        return true;
    }
}
