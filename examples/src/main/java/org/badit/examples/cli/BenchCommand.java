package org.badit.examples.cli;

import com.google.gson.GsonBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.badit.lora.engine.Engines;
import org.badit.lora.io.AtomicFiles;
import picocli.CommandLine;
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
        Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
        suite.put("svd", List.of("bench-svd"));
        commands.put("svd", BenchSvdCommand::new);
        suite.put("clustering", List.of("bench-clustering"));
        commands.put("clustering", BenchClusteringCommand::new);
        suite.put("model", List.of("bench-model"));
        commands.put("model", BenchModelCommand::new);
        suite.put("methods", List.of("bench-methods"));
        commands.put("methods", BenchMethodsCommand::new);
        Path data = superniData != null ? superniData : Path.of("..", "shared", "data", "superni");
        if (Files.isDirectory(data)) {
            suite.put("superni", List.of("bench-superni", "--data", data.toString()));
            commands.put("superni", SuperniBenchCommand::new);
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
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("command", String.join(" ", e.getValue()));
            entry.put("seconds", 0.0);
            try {
                // The command's own defaults and options, parsed as on the command line, then run in-process.
                CommandLine line = new CommandLine(commands.get(e.getKey()).get());
                line.parseArgs(e.getValue().subList(1, e.getValue().size()).toArray(String[]::new));
                entry.put("result", ((JsonBenchmark) line.getCommand()).result());
            } catch (Exception ex) {
                entry.put("error", ex.getClass().getSimpleName() + ": " + ex.getMessage());
            }
            entry.put("seconds", (System.nanoTime() - t0) / 1e9);
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
