package org.badit.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.badit.core.method.Method;
import org.junit.jupiter.api.Test;

/** The method benchmark runs end to end on a tiny model and reports every method; timings are not asserted. */
class MethodBenchmarkTest {

    @Test
    @SuppressWarnings("unchecked")
    void reportsEveryMethodRelativeToLoraAndDogShare() {
        Map<String, Object> out = MethodBenchmark.builder().optModelSize(64, 128, 2, 64).optSteps(2, 1)
                .optBudget(2, 4).optBatch(2, 8).build().run();
        Map<String, Object> ratios = (Map<String, Object>) out.get("step_time_ratio_vs_lora");
        assertNotNull(ratios, out.toString());
        for (Method m : Method.values()) {
            assertTrue(ratios.get(m.id()) instanceof Double, m + " missing: " + out);
        }
        assertEquals(1.0, (Double) ratios.get("lora"), 0.0);
        double dog = (Double) out.get("dog_share_of_step");
        assertTrue(dog > 0 && dog < 1, out.toString());
        Map<String, Object> ms = (Map<String, Object>) out.get("median_step_ms");
        assertEquals(ratios.keySet(), ms.keySet());
        assertTrue(out.containsKey("dog_median") && out.containsKey("config") && out.containsKey("machine"));
    }
}
