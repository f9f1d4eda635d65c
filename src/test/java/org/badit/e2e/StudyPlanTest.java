package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.badit.examples.cli.run.StudyPlan;
import org.badit.examples.cli.run.StudyRow;
import org.junit.jupiter.api.Test;

/** Parsing and validating a study's flags, without training anything. */
class StudyPlanTest {

    private static String message(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void gridsAreSortedDeduplicatedAndPositive() {
        assertEquals(List.of(1e-4, 3e-4, 1e-3), StudyPlan.parseGrid("--lr-grid", " 1e-3,1e-4 ,3e-4,1e-4"));
        assertTrue(message(() -> StudyPlan.parseGrid("--lr-grid", "")).contains("--lr-grid is empty"));
        assertTrue(message(() -> StudyPlan.parseGrid("--lr-grid", ",,")).contains("--lr-grid is empty"));
        assertTrue(message(() -> StudyPlan.parseGrid("--lr-grid", "1e-3,")).contains("empty entry"));
        assertTrue(message(() -> StudyPlan.parseGrid("--alpha-grid", "8,x")).contains("'x' is not a number"));
        assertTrue(message(() -> StudyPlan.parseGrid("--alpha-grid", "8,0")).contains("positive"));
        assertTrue(message(() -> StudyPlan.parseGrid("--lr-grid", "NaN")).contains("positive"));
    }

    @Test
    void variantsParseLabelMethodAndOverrides() {
        StudyRow r = StudyRow.parseVariant("badit-K2=badit:experts=2;rank=8");
        assertEquals("badit-K2", r.label());
        assertEquals("badit", r.method());
        assertEquals(Map.of("experts", "2", "rank", "8"), r.overrides());
        assertTrue(r.svdInitialised());
        StudyRow plain = StudyRow.parseVariant("nobad=badit-nobad");
        assertEquals(Map.of(), plain.overrides());
        assertFalse(plain.svdInitialised(), "random experts: the alpha grid does not apply");
        assertEquals(Map.of("dog_ema_beta", "0.5"), StudyRow.parseVariant("b=badit:dog-ema-beta=0.5").overrides());
        assertTrue(message(() -> StudyRow.parseVariant("badit")).contains("LABEL=METHOD"));
        assertTrue(message(() -> StudyRow.parseVariant("x=badit:router")).contains("not key=value"));
    }

    @Test
    void planRulesNameTheirFlag() {
        List<StudyRow> rows = List.of(new StudyRow("lora", "lora", Map.of()), new StudyRow("badit", "badit", Map.of()));
        StudyPlan one = StudyPlan.builder().setRows(rows).build();
        assertEquals(StudyPlan.PairedTest.NONE, one.pairedTest(), "one seed: no test");
        assertEquals(StudyPlan.PairedTest.BOTH, StudyPlan.builder().setRows(rows).optSeeds(3).build().pairedTest());
        assertTrue(message(() -> StudyPlan.builder().setRows(rows).optPairedTest(StudyPlan.PairedTest.WILCOXON)
                .build()).contains("needs --seeds 2"));
        assertTrue(message(() -> StudyPlan.builder().setRows(rows).optSeeds(2).optReference("pissa").build())
                .contains("--reference pissa is not a row"));
        assertTrue(message(() -> StudyPlan.builder().setRows(List.of(rows.get(0), rows.get(0))).build())
                .contains("given twice"));
        assertTrue(message(() -> StudyPlan.builder().setRows(rows).optLrGrid(List.of(1e-3))
                .optValidationInstances(0).build()).contains("--val-instances"));
        assertTrue(message(() -> StudyPlan.builder().setRows(List.of(new StudyRow("a/b", "lora", Map.of())))
                .build()).contains("names a directory"));
        assertEquals(StudyPlan.PairedTest.NONE, StudyPlan.builder().setRows(List.of(rows.get(0))).optSeeds(2)
                .optPairedTest(StudyPlan.PairedTest.NONE).build().pairedTest());
    }
}
