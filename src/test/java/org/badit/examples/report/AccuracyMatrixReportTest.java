package org.badit.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

class AccuracyMatrixReportTest {

    private static final double N = Double.NaN;

    @TempDir
    Path dir;

    private static AccuracyMatrixReport report() {
        return AccuracyMatrixReport.builder()
                .setMatrix(List.of("snli", "xsum", "mnli"), new double[][] {
                    {70.0, N, N},
                    {62.5, 30.25, N},
                    {55.0, 28.0, 48.125},
                })
                .optTitle("Accuracy matrix: badit")
                .addSummary("Cl", 43.71)
                .optPlotSize(500, 420)
                .build();
    }

    @Test
    void markdownShowsTheMatrixWithTheDiagonalInBold() {
        String md = report().renderMarkdown();
        assertTrue(md.contains("| 1. snli | **70.00** | – | – |"), md);
        assertTrue(md.contains("| 2. xsum | 62.50 | **30.25** | – |"), md);
        assertTrue(md.contains("| 3. mnli | 55.00 | 28.00 | **48.13** |"), md);
        assertTrue(md.contains("- Cl: 43.71"), md);
    }

    @Test
    void writesMarkdownAndAHeatmapThatDecodes() throws IOException {
        List<Path> files = report().write(dir, "accuracy_matrix_badit");
        assertEquals(dir.resolve("accuracy_matrix_badit.md"), files.get(0));
        assertTrue(Files.readString(files.get(0)).contains("](accuracy_matrix_badit.png)"));
        BufferedImage img = ImageIO.read(files.get(1).toFile());
        assertNotNull(img);
        assertEquals(500, img.getWidth());
        assertEquals(420, img.getHeight());
    }

    @Test
    void rejectsAMatrixOfTheWrongShape() {
        assertThrows(IllegalArgumentException.class, () -> AccuracyMatrixReport.builder()
                .setMatrix(List.of("a", "b"), new double[][] {{1, 2}, {3}}).build());
        assertThrows(IllegalArgumentException.class, () -> AccuracyMatrixReport.builder()
                .setMatrix(List.of("a", "b"), new double[][] {{1, 2}}).build());
    }
}
