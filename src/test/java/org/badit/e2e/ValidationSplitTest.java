package org.badit.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.cli.config.RunConfigMapper;
import org.badit.examples.cli.config.ValidationSplit;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.Split;
import org.junit.jupiter.api.Test;

/** The validation split is carved from the training instances: disjoint from what trains and from the test split. */
class ValidationSplitTest {

    private static RunConfig config(int validation) {
        return RunConfig.defaults().set("data", Fixtures.cl15().toString())
                .set("tasks", "task363_sst2_polarity_classification,task1590_diplomacy_text_generation")
                .set("max_train_instances", 10).set("validation_instances", validation).set("validation_seed", 7);
    }

    private static Set<String> ids(List<SuperNiTask> tasks) {
        Set<String> ids = new HashSet<>();
        tasks.forEach(t -> t.instances().forEach(i -> ids.add(i.id())));
        return ids;
    }

    @Test
    void validationIsDisjointFromTrainingAndTestAndCoversTheCappedTrainingSet() {
        RunConfig c = config(3);
        List<SuperNiTask> train = RunConfigMapper.tasks(c, Split.TRAIN, "test");
        List<SuperNiTask> validation = RunConfigMapper.validationTasks(c, "test");
        Set<String> all = ids(RunConfigMapper.tasks(config(0), Split.TRAIN, "test"));
        Set<String> test = ids(RunConfigMapper.tasks(c.copy().set("max_test_instances", 0), Split.TEST, "test"));
        assertEquals(2, validation.size());
        validation.forEach(t -> assertEquals(3, t.instances().size(), t.name()));
        train.forEach(t -> assertEquals(7, t.instances().size(), t.name()));
        Set<String> v = ids(validation);
        Set<String> tr = ids(train);
        assertTrue(v.stream().noneMatch(tr::contains), "validation instances are never trained on");
        assertTrue(v.stream().noneMatch(test::contains), "validation instances are never test instances");
        Set<String> union = new HashSet<>(v);
        union.addAll(tr);
        assertEquals(all, union, "the carve only splits the capped training instances");
        assertEquals(v, ids(RunConfigMapper.validationTasks(c, "test")), "the same seed draws the same split");
        RunConfig uncapped = c.copy().set("max_train_instances", 0);
        assertEquals(ids(RunConfigMapper.validationTasks(uncapped, "test")),
                ids(RunConfigMapper.validationTasks(uncapped.copy().set("seed", 43), "test")),
                "without a cap, every run seed holds out the same instances");
        assertTrue(!v.equals(ids(RunConfigMapper.validationTasks(c.copy().set("validation_seed", 8), "test"))),
                "another seed draws another split");
    }

    @Test
    void testIdsAreNeverDrawnAndATooLargeSplitIsRefused() {
        SuperNiTask task = new SuperNiTask("t", List.of("d"), List.of("c"), List.of(), List.of(),
                List.of(new Instance("a", "x", List.of("y")), new Instance("b", "x", List.of("y")),
                        new Instance("c", "x", List.of("y"))), List.of(), List.of(), List.of());
        ValidationSplit.Parts parts = ValidationSplit.carve(List.of(task), 2, 1, Set.of("a"));
        assertEquals(Set.of("b", "c"), ids(parts.validation()));
        assertEquals(Set.of("a"), ids(parts.train()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ValidationSplit.carve(List.of(task), 3, 1, Set.of()));
        assertTrue(e.getMessage().contains("without a training instance"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ValidationSplit.carve(List.of(task), 0, 1, Set.of()));
    }
}
