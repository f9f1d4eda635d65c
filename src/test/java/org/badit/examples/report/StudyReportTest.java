package org.badit.examples.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The study section of a comparison report: written to report.json and report.md, read back intact. */
class StudyReportTest {

    @TempDir
    Path dir;

    private static StudyReport.Estimate estimate(double a, double b) {
        return new StudyReport.Estimate((a + b) / 2, Math.min(a, b) - 1, Math.max(a, b) + 1, 2, new double[] {a, b});
    }

    private static StudyReport study() {
        StudyReport.Row lora = new StudyReport.Row("lora", "lora", Map.of(), "sequential", 3e-4, 16, true, false,
                List.of(42L, 43L), estimate(30, 32), estimate(10, 11),
                new StudyReport.Continual(estimate(30, 32), estimate(2, 3), estimate(-2, -3), null, null), null,
                List.of(new StudyReport.Candidate(1e-4, 16, 20), new StudyReport.Candidate(3e-4, 16, 25)),
                List.of("a", "b"));
        StudyReport.Row badit = new StudyReport.Row("badit-static", "badit", Map.of("router", "static"),
                "sequential", 1e-4, 8, true, true, List.of(42L, 43L), estimate(35, 36), estimate(12, 13),
                new StudyReport.Continual(estimate(35, 36), estimate(1, 1), estimate(-1, -1), estimate(4, 5),
                        "single-task"), estimate(1, 2), List.of(), List.of("c", "d"));
        return new StudyReport(List.of(42L, 43L), 0.95, 0.05, List.of("sequential"), "badit-static", "paper",
                new StudyReport.Selection(List.of(1e-4, 3e-4), List.of(8.0, 16.0), List.of("badit"), 20, 42, "rule"),
                List.of(lora, badit), List.of(new StudyReport.Comparison("sequential", "badit-static", "lora",
                        "Wilcoxon exact", 4.5, 1.0, 8.0, 0.01, 400)),
                List.of("[sequential] badit-static vs lora: better"), List.of("a caveat"));
    }

    @Test
    void theStudyRoundTripsThroughReportJsonAndShowsInTheMarkdown() throws Exception {
        ComparisonReport report = ComparisonReport.builder().setTitle("t")
                .addResult(MethodResult.builder("lora").setScores(31, 10).build()).optStudy(study()).build();
        ReportFiles files = report.write(dir);
        StudyReport back = ComparisonReport.read(files.json()).getStudy();
        assertEquals(List.of(42L, 43L), back.seeds());
        assertEquals(2, back.rows().size());
        StudyReport.Row row = back.rows().get(1);
        assertEquals(Map.of("router", "static"), row.overrides());
        assertTrue(row.lrTuned() && row.alphaTuned());
        assertArrayEquals(new double[] {35, 36}, row.rougeL().perSeed());
        assertEquals("single-task", row.continual().fwtBaseline());
        assertNull(back.rows().get(0).continual().fwt(), "n/a stays n/a");
        assertNull(back.rows().get(0).colla());
        assertEquals(0.01, back.comparisons().get(0).pValue());
        assertEquals(List.of("[sequential] badit-static vs lora: better"), back.verdicts());
        String md = Files.readString(files.markdown());
        assertTrue(md.contains("## Seeded study"), md);
        assertTrue(md.contains("| badit-static | badit {router=static} | sequential | 0.0001* | 8* | 35.50 ± 1.50 |"),
                md);
        assertTrue(md.contains("| lora | lora | sequential | 0.0003* | 16 | 31.00 ± 2.00 |"), md);
        assertTrue(md.contains("n/a") && md.contains("- [sequential] badit-static vs lora: better")
                && md.contains("> **Caveat:** a caveat"), md);
    }

    @Test
    void aReportWithoutAStudyReadsBackWithout() throws Exception {
        ComparisonReport report = ComparisonReport.builder()
                .addResult(MethodResult.builder("lora").setScores(31, 10).build()).build();
        assertNull(ComparisonReport.read(report.write(dir).json()).getStudy());
        assertTrue(!Files.readString(dir.resolve(ComparisonReport.MARKDOWN)).contains("Seeded study"));
    }
}
