package org.badit.examples.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.badit.lora.engine.Engines;
import org.badit.lora.io.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit bench}: every module's benchmark in one run, one results file with the machine it ran on. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Run every benchmark (svd, clustering, model, methods, superni) and write one JSON results "
            + "file with the machine description. Each is also its own command (bench-svd, ...) with more options."})
final class BenchCommand implements Callable<Integer> {

    @Option(names = "--out", defaultValue = "bench-results.json", paramLabel = "FILE",
            description = "Results file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--only", split = ",", description = "Run only these: svd, clustering, model, methods, superni.")
    List<String> only;

    @Option(names = "--superni-data", paramLabel = "DIR",
            description = "SuperNI folder for the scoring benchmark (default: ../shared/data/superni when present).")
    Path superniData;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        Map<String, List<String>> suite = new LinkedHashMap<>();
        suite.put("svd", List.of("bench-svd"));
        suite.put("clustering", List.of("bench-clustering"));
        suite.put("model", List.of("bench-model"));
        suite.put("methods", List.of("bench-methods"));
        Path data = superniData != null ? superniData : Path.of("..", "shared", "data", "superni");
        if (Files.isDirectory(data)) {
            suite.put("superni", List.of("bench-superni", "--data", data.toString()));
        }
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("machine", Engines.describe());
        results.put("started", Instant.now().toString());
        Map<String, Object> benchmarks = new LinkedHashMap<>();
        for (Map.Entry<String, List<String>> e : suite.entrySet()) {
            if (only != null && !only.contains(e.getKey())) {
                continue;
            }
            System.err.println("[bench] " + String.join(" ", e.getValue()));
            long t0 = System.nanoTime();
            PrintStream stdout = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            int code;
            try {
                code = Badit.execute(e.getValue().toArray(String[]::new));
            } finally {
                System.setOut(stdout);
            }
            String text = captured.toString(StandardCharsets.UTF_8).trim();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("command", String.join(" ", e.getValue()));
            entry.put("seconds", (System.nanoTime() - t0) / 1e9);
            if (code == 0 && text.startsWith("{")) {
                entry.put("result", JsonParser.parseString(text.substring(0, text.lastIndexOf('}') + 1)));
            } else {
                entry.put("error", "exit code " + code + ": " + text);
            }
            benchmarks.put(e.getKey(), entry);
        }
        results.put("benchmarks", benchmarks);
        String json = new GsonBuilder().setPrettyPrinting().create().toJson(results);
        AtomicFiles.writeString(out, json + "\n");
        System.out.println(json);
        System.err.println("[bench] results: " + out.toAbsolutePath());
        List<String> failed = new ArrayList<>();
        benchmarks.forEach((k, v) -> {
            if (((Map<?, ?>) v).containsKey("error")) {
                failed.add(k);
            }
        });
        return failed.isEmpty() ? 0 : 1;
    }
}
