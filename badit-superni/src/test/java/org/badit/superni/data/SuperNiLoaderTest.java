package org.badit.superni.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.badit.superni.SharedData;
import org.badit.superni.SuperNiTask;
import org.junit.jupiter.api.Test;

/** Loading the real sample in both layouts, with caps, sampling and filters. */
class SuperNiLoaderTest {

    @Test
    void originalLayoutTestSplit() throws IOException {
        Path root = SharedData.require("data/superni");
        SuperNiLoader loader = SuperNiLoader.builder().setRoot(root).optMaxInstances(100).optSkipMissingTasks(true)
                .build();
        assertEquals(Layout.NATURAL_INSTRUCTIONS, loader.layout());
        List<SuperNiTask> tasks = loader.load();
        assertEquals(25, tasks.size());
        // Split-file order: the first test task listed upstream that the sample holds.
        assertEquals("task893_gap_fill_the_blank_coreference_resolution", tasks.get(0).name());
        for (SuperNiTask t : tasks) {
            assertEquals(100, t.instances().size(), t.name());
            assertTrue(t.instances().get(0).id().startsWith(t.name().substring(0, t.name().indexOf('_')) + "-"));
        }
        SuperNiTask entail = tasks.stream().filter(t -> t.name().startsWith("task1344")).findFirst().orElseThrow();
        assertEquals("Textual Entailment", entail.category());
        assertEquals("textual_entailment", entail.categoryKey());
        assertEquals(List.of("English"), entail.inputLanguages());
        assertTrue(entail.definition().startsWith("In this task, you're given two sentences."));
        assertEquals("task1344-e2e0b311e9054658a24644d11122ce31", entail.instances().get(0).id());
        assertEquals(List.of("0"), entail.instances().get(0).outputs());
    }

    @Test
    void missingListedTasksFailUnlessSkipped() {
        Path root = SharedData.require("data/superni");
        SuperNiFormatException e = assertThrows(SuperNiFormatException.class,
                () -> SuperNiLoader.builder().setRoot(root).build().load());
        assertTrue(e.getMessage().contains("test_tasks.txt"), e.getMessage());
    }

    @Test
    void xlingualTrackAndFilters() throws IOException {
        Path root = SharedData.require("data/superni");
        List<SuperNiTask> x = SuperNiLoader.builder().setRoot(root).optTrack("xlingual").optSkipMissingTasks(true)
                .build().load();
        assertEquals(3, x.size());
        List<SuperNiTask> entailment = SuperNiLoader.builder().setRoot(root).optSkipMissingTasks(true)
                .optCategories(Set.of("textual_entailment")).build().load();
        assertTrue(entailment.size() >= 2);
        entailment.forEach(t -> assertEquals("Textual Entailment", t.category()));
        List<SuperNiTask> one = SuperNiLoader.builder().setRoot(root).optSkipMissingTasks(true)
                .optTasks(Set.of("task1388_cb_entailment")).build().load();
        assertEquals(1, one.size());
    }

    @Test
    void seededSamplingIsReproducibleAndDiffersFromFileOrder() throws IOException {
        Path root = SharedData.require("data/superni");
        SuperNiLoader.Builder b = SuperNiLoader.builder().setRoot(root).optSkipMissingTasks(true)
                .optTasks(Set.of("task1388_cb_entailment")).optMaxInstances(10);
        SuperNiTask first = b.build().load().get(0);
        SuperNiTask s1 = b.optSeed(7).build().load().get(0);
        SuperNiTask s2 = b.optSeed(7).build().load().get(0);
        assertEquals(s1.instances(), s2.instances());
        assertEquals(10, s1.instances().size());
        assertNotEquals(first.instances(), s1.instances());
    }

    @Test
    void clBenchmarkLayout() throws IOException {
        Path root = SharedData.require("data/superni-cl15");
        SuperNiLoader loader = SuperNiLoader.builder().setRoot(root).optSplit(Split.TRAIN).optMaxInstances(5).build();
        assertEquals(Layout.CL_BENCHMARK, loader.layout());
        List<SuperNiTask> tasks = loader.load();
        assertEquals(15, tasks.size());
        assertEquals("task002_quoref_answer_generation", tasks.get(0).name());
        assertEquals("Question Answering", tasks.get(0).category());
        tasks.forEach(t -> assertEquals(5, t.instances().size(), t.name()));
        // Three CL tasks write Categories and output as plain strings.
        SuperNiTask sst2 = tasks.stream().filter(t -> t.name().startsWith("task363")).findFirst().orElseThrow();
        assertEquals(1, sst2.categories().size());
        assertEquals(1, sst2.instances().get(0).outputs().size());
        List<SuperNiTask> test = SuperNiLoader.builder().setRoot(root).optSplit(Split.TEST).build().load();
        assertEquals(15, test.size());
        assertNotEquals(tasks.get(0).instances().get(0).id(), test.get(0).instances().get(0).id());
        assertThrows(IllegalArgumentException.class,
                () -> SuperNiLoader.builder().setRoot(root).optSplit(Split.EXCLUDED).build().load());
    }

    @Test
    void unknownLayoutIsAClearError(@org.junit.jupiter.api.io.TempDir Path empty) {
        SuperNiFormatException e = assertThrows(SuperNiFormatException.class,
                () -> SuperNiLoader.builder().setRoot(empty).build());
        assertTrue(e.getMessage().contains("neither tasks/ + splits/"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SuperNiLoader.builder().build());
    }
}
