package org.badit.superni.synthetic;

import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;
import org.badit.superni.Example;
import org.badit.superni.Instance;

/**
 * Writes synthetic tasks as SuperNI JSON, with the keys in the order of the upstream task files and 4-space
 * indentation, so the files read like the real ones and the same suite always gives the same bytes.
 */
final class SuiteWriter {

    /** The {@code Source} of every synthetic task. */
    static final String SOURCE = "badit_synthetic_suite";

    private SuiteWriter() {}

    static void writeNaturalInstructions(Path root, List<SyntheticTask> basic, List<SyntheticTask> heldOut)
            throws IOException {
        Path tasks = root.resolve("tasks");
        Path splits = root.resolve("splits").resolve("default");
        Files.createDirectories(tasks);
        Files.createDirectories(splits);
        for (List<SyntheticTask> group : List.of(basic, heldOut)) {
            for (SyntheticTask t : group) {
                writeAtomically(tasks.resolve(t.name() + ".json"), json(t, t.instances()));
            }
        }
        writeAtomically(splits.resolve("train_tasks.txt"), names(basic));
        writeAtomically(splits.resolve("test_tasks.txt"), names(heldOut));
        writeAtomically(splits.resolve("excluded_tasks.txt"), "");
    }

    static void writeClBenchmark(Path root, List<SyntheticTask> tasks) throws IOException {
        for (SyntheticTask t : tasks) {
            Path dir = root.resolve(t.name());
            Files.createDirectories(dir);
            writeAtomically(dir.resolve("train.json"), json(t, t.train()));
            writeAtomically(dir.resolve("test.json"), json(t, t.test()));
        }
    }

    private static String names(List<SyntheticTask> tasks) {
        StringBuilder sb = new StringBuilder();
        for (SyntheticTask t : tasks) {
            sb.append(t.name()).append('\n');
        }
        return sb.toString();
    }

    static String json(SyntheticTask t, List<Instance> instances) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonWriter w = new JsonWriter(out)) {
            w.setIndent("    ");
            w.setHtmlSafe(false);
            w.beginObject();
            strings(w, "Contributors", List.of("BADIT-J synthetic suite"));
            strings(w, "Source", List.of(SOURCE));
            strings(w, "URL", List.of());
            strings(w, "Categories", List.of(t.category()));
            // Reasoning lists the basic abilities, the closest upstream field to "which skills the task needs".
            strings(w, "Reasoning", t.abilities().stream().map(a -> a.name().toLowerCase(Locale.ROOT)).toList());
            strings(w, "Definition", List.of(t.definition()));
            strings(w, "Input_language", List.of("English"));
            strings(w, "Output_language", List.of("English"));
            strings(w, "Instruction_language", List.of("English"));
            strings(w, "Domains", List.of("Synthetic"));
            examples(w, "Positive Examples", t.positiveExamples());
            examples(w, "Negative Examples", t.negativeExamples());
            w.name("Instances").beginArray();
            for (Instance i : instances) {
                w.beginObject();
                w.name("id").value(i.id());
                w.name("input").value(i.input());
                strings(w, "output", i.outputs());
                w.endObject();
            }
            w.endArray();
            strings(w, "Instance License", List.of("Public Domain"));
            w.endObject();
        }
        return out.append('\n').toString();
    }

    private static void strings(JsonWriter w, String name, List<String> values) throws IOException {
        w.name(name).beginArray();
        for (String v : values) {
            w.value(v);
        }
        w.endArray();
    }

    private static void examples(JsonWriter w, String name, List<Example> examples) throws IOException {
        w.name(name).beginArray();
        for (Example e : examples) {
            w.beginObject();
            w.name("input").value(e.input());
            w.name("output").value(e.output());
            w.name("explanation").value(e.explanation());
            w.endObject();
        }
        w.endArray();
    }

    /** Writes next to the target and renames, so a reader never sees a half-written file. */
    private static void writeAtomically(Path target, String content) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
