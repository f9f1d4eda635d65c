package org.badit.superni.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.badit.superni.SuperNiTask;
import org.badit.superni.data.Layout;
import org.badit.superni.data.Split;
import org.badit.superni.data.SuperNiLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticFilesTest {

    @TempDir
    Path tmp;

    private static SyntheticSuite suite(long seed) {
        return SyntheticSuite.builder().optSeed(seed).optInstancesPerTask(40).optTestInstancesPerTask(10).build();
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(root::relativize).sorted().toList();
        }
    }

    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
        Path a = suite(5).writeNaturalInstructions(tmp.resolve("a"));
        Path b = suite(5).writeNaturalInstructions(tmp.resolve("b"));
        Path c = suite(6).writeNaturalInstructions(tmp.resolve("c"));
        suite(5).writeClBenchmark(a.resolve("cl"));
        suite(5).writeClBenchmark(b.resolve("cl"));
        List<Path> names = files(a);
        assertEquals(names, files(b));
        assertFalse(names.stream().anyMatch(p -> p.toString().endsWith(".tmp")), "temporary files left behind");
        for (Path p : names) {
            assertArrayEquals(Files.readAllBytes(a.resolve(p)), Files.readAllBytes(b.resolve(p)), p.toString());
        }
        Path task = Path.of("tasks", "syn_reverse_word.json");
        assertFalse(Arrays.equals(Files.readAllBytes(a.resolve(task)), Files.readAllBytes(c.resolve(task))),
                "another seed must give other instances");
        // Writing again over the same folder gives the same bytes (the demo's cache check relies on it).
        byte[] before = Files.readAllBytes(a.resolve(task));
        suite(5).writeNaturalInstructions(a);
        assertArrayEquals(before, Files.readAllBytes(a.resolve(task)));
    }

    @Test
    void taskFilesHoldTheSuperNiFields() throws IOException {
        SyntheticSuite s = suite(1);
        Path root = s.writeNaturalInstructions(tmp);
        for (SyntheticTask t : s.tasks()) {
            Path file = root.resolve("tasks").resolve(t.name() + ".json");
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            for (String field : List.of("Contributors", "Source", "URL", "Categories", "Reasoning", "Definition",
                    "Input_language", "Output_language", "Instruction_language", "Domains", "Instance License")) {
                assertTrue(o.get(field) != null && o.get(field).isJsonArray(), file + ": " + field);
            }
            assertEquals(t.definition(), o.getAsJsonArray("Definition").get(0).getAsString());
            assertEquals(t.category(), o.getAsJsonArray("Categories").get(0).getAsString());
            for (String field : List.of("Positive Examples", "Negative Examples")) {
                for (JsonElement e : o.getAsJsonArray(field)) {
                    for (String key : List.of("input", "output", "explanation")) {
                        assertTrue(e.getAsJsonObject().get(key).getAsJsonPrimitive().isString(),
                                file + ": " + field + "." + key);
                    }
                }
            }
            JsonArray instances = o.getAsJsonArray("Instances");
            assertEquals(40, instances.size(), file.toString());
            for (int n = 0; n < instances.size(); n++) {
                JsonObject i = instances.get(n).getAsJsonObject();
                assertEquals(t.name() + "-" + n, i.get("id").getAsString());
                assertTrue(i.get("input").getAsJsonPrimitive().isString());
                JsonArray out = i.getAsJsonArray("output");
                assertTrue(out.size() >= 1 && out.size() <= 2, file + ": Instances[" + n + "].output");
            }
        }
    }

    @Test
    void splitListsNameEveryTaskFileExactlyOnce() throws IOException {
        SyntheticSuite s = suite(2);
        Path root = s.writeNaturalInstructions(tmp);
        Path splits = root.resolve("splits").resolve("default");
        List<String> train = Files.readAllLines(splits.resolve("train_tasks.txt"));
        List<String> test = Files.readAllLines(splits.resolve("test_tasks.txt"));
        assertEquals("", Files.readString(splits.resolve("excluded_tasks.txt")));
        assertEquals(s.basicTasks().stream().map(SyntheticTask::name).toList(), train);
        assertEquals(s.heldOutTasks().stream().map(SyntheticTask::name).toList(), test);
        Set<String> listed = new HashSet<>(train);
        test.forEach(n -> assertTrue(listed.add(n), "listed twice: " + n));
        Set<String> onDisk = new HashSet<>();
        for (Path p : files(root.resolve("tasks"))) {
            onDisk.add(p.toString().replace(".json", ""));
        }
        assertEquals(listed, onDisk);
    }

    @Test
    void theRealLoaderReadsBothLayouts() throws IOException {
        SyntheticSuite s = suite(3);
        Path original = s.writeNaturalInstructions(tmp.resolve("ni"));
        Path cl = s.writeClBenchmark(tmp.resolve("cl"), s.tasks());
        assertEquals(Layout.NATURAL_INSTRUCTIONS, Layout.detect(original));
        assertEquals(Layout.CL_BENCHMARK, Layout.detect(cl));

        List<SuperNiTask> basic = SuperNiLoader.builder().setRoot(original).optSplit(Split.TRAIN).build().load();
        List<SuperNiTask> heldOut = SuperNiLoader.builder().setRoot(original).optSplit(Split.TEST).build().load();
        assertEquals(s.basicTasks().stream().map(SyntheticTask::toSuperNiTask).toList(), basic);
        assertEquals(s.heldOutTasks().stream().map(SyntheticTask::toSuperNiTask).toList(), heldOut);

        List<SuperNiTask> expectedTrain = new ArrayList<>();
        List<SuperNiTask> expectedTest = new ArrayList<>();
        s.tasks().stream().sorted((x, y) -> x.name().compareTo(y.name())).forEach(t -> {
            expectedTrain.add(t.trainTask());
            expectedTest.add(t.testTask());
        });
        assertEquals(expectedTrain, SuperNiLoader.builder().setRoot(cl).optSplit(Split.TRAIN).build().load());
        assertEquals(expectedTest, SuperNiLoader.builder().setRoot(cl).optSplit(Split.TEST).build().load());
        assertEquals(30, expectedTrain.get(0).instances().size());
        assertEquals(10, expectedTest.get(0).instances().size());
    }
}
