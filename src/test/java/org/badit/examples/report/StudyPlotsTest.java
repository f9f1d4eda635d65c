package org.badit.examples.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study's plots and DOG diagnostics, from hand-written metrics logs and per-seed scores (no training): the PNG
 * files exist and are linked from report.md, and the diagnostics equal values computed by hand.
 */
class StudyPlotsTest {

    private static final double EPS = 1e-12;

    @TempDir
    Path dir;

    /**
     * Seed A: steps 0..10, middle 5; expert lines at 2, 4, 6, 10 (4 and 6 tie: the earlier wins); two regroups, the
     * second without regroup_kl/regroup_max_dlogit as an older trainer logs it.
     */
    private static final String SEED_A = String.join("\n",
            "{\"step\":0,\"loss\":2.0}",
            "{\"step\":2,\"loss\":1.8,\"intra_angle_deg\":60,\"inter_angle_deg\":80,\"max_expert_cosine\":0.2}",
            "{\"step\":4,\"loss\":1.6,\"intra_angle_deg\":62,\"inter_angle_deg\":84,\"max_expert_cosine\":0.1,"
                    + "\"regroup_moved\":3,\"regroup_ms\":5,\"regroup_kl\":0.01,\"regroup_max_dlogit\":0.5}",
            "{\"step\":6,\"loss\":1.5,\"intra_angle_deg\":64,\"inter_angle_deg\":86,\"max_expert_cosine\":0.05}",
            "{\"step\":8,\"loss\":1.4,\"regroup_moved\":1,\"regroup_ms\":4}",
            "{\"step\":10,\"loss\":1.3,\"intra_angle_deg\":66,\"inter_angle_deg\":88,\"max_expert_cosine\":0.02}",
            "");

    /** Seed B: steps 0..8, middle 4; expert lines at 4 and 8; one regroup. */
    private static final String SEED_B = String.join("\n",
            "{\"step\":0,\"loss\":2.1}",
            "{\"step\":4,\"loss\":1.7,\"intra_angle_deg\":70,\"inter_angle_deg\":90,\"max_expert_cosine\":0.0}",
            "{\"step\":8,\"loss\":1.2,\"intra_angle_deg\":72,\"inter_angle_deg\":92,\"max_expert_cosine\":0.04,"
                    + "\"regroup_moved\":2,\"regroup_kl\":0.03,\"regroup_max_dlogit\":1.5}",
            "");

    /** A row without DOG: angles only, no regroups. */
    private static final String NODOG = String.join("\n",
            "{\"step\":1,\"loss\":2.0,\"intra_angle_deg\":50,\"inter_angle_deg\":70}",
            "{\"step\":3,\"loss\":1.0,\"intra_angle_deg\":52,\"inter_angle_deg\":74}",
            "");

    private Path log(String name, String text) throws Exception {
        Path p = dir.resolve(name + ".jsonl");
        Files.writeString(p, text);
        return p;
    }

    private static StudyReport.Estimate estimate(double a, double b) {
        return new StudyReport.Estimate((a + b) / 2, Math.min(a, b) - 1, Math.max(a, b) + 1, 2, new double[] {a, b});
    }

    private static StudyReport.Row row(String label, String method, Map<String, double[]> perTask) {
        return new StudyReport.Row(label, method, Map.of(), "mixed", 1e-4, 16, false, false, List.of(42L, 43L),
                estimate(30, 32), estimate(10, 11), null, null, List.of(), List.of("a", "b"), perTask);
    }

    @Test
    void dogDiagnosticsEqualHandComputedValues() throws Exception {
        DogDiagnostics d = DogDiagnostics.of("badit", "mixed",
                List.of(MetricsFile.read(log("a", SEED_A)), MetricsFile.read(log("b", SEED_B))));
        assertNotNull(d);
        assertEquals(2, d.seeds());
        // first: A step 2, B step 4
        assertEquals(3, d.first().step(), EPS);
        assertEquals(65, d.first().intraAngleDeg(), EPS);
        assertEquals(85, d.first().interAngleDeg(), EPS);
        assertEquals(0.1, d.first().maxExpertCosine(), EPS);
        // middle: A step 4 (tie with 6 around 5), B step 4
        assertEquals(4, d.middle().step(), EPS);
        assertEquals(66, d.middle().intraAngleDeg(), EPS);
        assertEquals(87, d.middle().interAngleDeg(), EPS);
        assertEquals(0.05, d.middle().maxExpertCosine(), EPS);
        // end: A step 10, B step 8
        assertEquals(9, d.end().step(), EPS);
        assertEquals(69, d.end().intraAngleDeg(), EPS);
        assertEquals(90, d.end().interAngleDeg(), EPS);
        assertEquals(0.03, d.end().maxExpertCosine(), EPS);
        // regroups: A 2, B 1 -> 1.5 per seed; moved (3 + 1 + 2) / 3; KL and |dlogit| over the two that logged them
        assertEquals(1.5, d.regroups(), EPS);
        assertEquals(2.0, d.movedPerRegroup(), EPS);
        assertEquals(0.02, d.regroupKlMean(), EPS);
        assertEquals(0.03, d.regroupKlMax(), EPS);
        assertEquals(1.0, d.regroupMaxDlogitMean(), EPS);
        assertEquals(1.5, d.regroupMaxDlogitMax(), EPS);
    }

    @Test
    void absentFieldsStayAbsentAndRowsWithoutExpertsHaveNoDiagnostics() throws Exception {
        DogDiagnostics d = DogDiagnostics.of("badit-nodog", "mixed", List.of(MetricsFile.read(log("n", NODOG))));
        assertEquals(0.0, d.regroups(), EPS);
        assertNull(d.movedPerRegroup());
        assertNull(d.regroupKlMean());
        assertNull(d.regroupMaxDlogitMax());
        assertNull(d.first().maxExpertCosine());
        assertEquals(50, d.first().intraAngleDeg(), EPS);
        assertEquals(74, d.end().interAngleDeg(), EPS);
        assertNull(DogDiagnostics.of("lora", "mixed", List.of(List.of(StepMetrics.ofLoss(1, 2.0)))));
    }

    @Test
    void theStudyReportWritesItsPlotsLinksThemAndKeepsTheDiagnostics() throws Exception {
        Path a = log("a", SEED_A);
        Path n = log("n", NODOG);
        Map<String, double[]> baditTasks = new LinkedHashMap<>();
        baditTasks.put("task190_snli", new double[] {40, 44});
        baditTasks.put("task1290_xsum", new double[] {20, Double.NaN});
        Map<String, double[]> nodogTasks = new LinkedHashMap<>();
        nodogTasks.put("task190_snli", new double[] {38, 39});
        nodogTasks.put("task1290_xsum", new double[] {21, 22});
        List<DogDiagnostics> dog = List.of(
                DogDiagnostics.of("badit", "mixed", List.of(MetricsFile.read(a), MetricsFile.read(log("b", SEED_B)))),
                DogDiagnostics.of("badit-nodog", "mixed", List.of(MetricsFile.read(n))));
        StudyReport study = new StudyReport(List.of(42L, 43L), 0.95, 0.05, List.of("mixed"), "badit", "paper", null,
                List.of(row("badit", "badit", baditTasks), row("badit-nodog", "badit", nodogTasks)), List.of(),
                List.of(), List.of(), dog);
        Files.createDirectories(dir.resolve("report"));
        Files.writeString(dir.resolve("report/expert_angles_gone-row.png"), "stale"); // an earlier report's row
        ReportFiles files = ComparisonReport.builder().setTitle("t")
                .addResult(MethodResult.builder("badit").setScores(31, 10).addTask("task190_snli", 42)
                        .optMetricsLog(a).build())
                .addResult(MethodResult.builder("badit-nodog").setScores(30, 10).addTask("task190_snli", 38.5)
                        .optMetricsLog(n).build())
                .optStudy(study).build().write(dir.resolve("report"));

        assertEquals(List.of(dir.resolve("report/rouge_per_task_mixed.png")), files.studyPlots());
        assertEquals(dir.resolve("report/expert_cosine.png"), files.expertCosinePlot());
        assertEquals(List.of(dir.resolve("report/expert_angles_badit.png"),
                dir.resolve("report/expert_angles_badit-nodog.png")), files.rowAnglePlots());
        assertTrue(!Files.exists(dir.resolve("report/expert_angles_gone-row.png")), "stale row plot removed");
        String md = Files.readString(files.markdown());
        for (Path png : List.of(files.studyPlots().get(0), files.expertCosinePlot(), files.anglesPlot(),
                files.rowAnglePlots().get(0), files.rowAnglePlots().get(1))) {
            assertTrue(Files.size(png) > 0, png.toString());
            assertTrue(md.contains("](" + png.getFileName() + ")"), png + " is linked from report.md");
        }
        assertTrue(md.contains("### DOG diagnostics"), md);
        assertTrue(md.contains("| badit | mixed | 2 | 65.0 / 66.0 / 69.0 | 85.0 / 87.0 / 90.0 | 0.100 / 0.050 / 0.030 "
                + "| 1.5 | 2.00 | 0.0200 | 0.0300 | 1.00 | 1.50 |"), md);
        assertTrue(md.contains("| badit-nodog | mixed | 1 | 50.0 / 50.0 / 52.0 | 70.0 / 70.0 / 74.0 | – / – / – "
                + "| 0.0 | – | – | – | – | – |"), md);

        String json = Files.readString(files.json());
        assertTrue(json.contains("\"dogDiagnostics\"") && json.contains("\"rouge_per_task:mixed\"")
                && json.contains("\"expert_cosine\""), json);
        StudyReport back = ComparisonReport.read(files.json()).getStudy();
        assertEquals(2, back.dogDiagnostics().size());
        assertEquals(0.02, back.dogDiagnostics().get(0).regroupKlMean(), EPS);
        assertNull(back.dogDiagnostics().get(1).regroupKlMean(), "absent stays null in report.json");
        assertEquals(44, back.rows().get(0).perTask().get("task190_snli")[1], EPS);
        assertTrue(Double.isNaN(back.rows().get(0).perTask().get("task1290_xsum")[1]));
    }
}
