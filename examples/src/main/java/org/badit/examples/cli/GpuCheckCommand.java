package org.badit.examples.cli;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ScratchModels;
import org.badit.core.tokenizer.ByteTokenizer;
import org.badit.lora.engine.Engines;
import org.badit.lora.io.AtomicFiles;
import org.badit.superni.synthetic.SyntheticSuite;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code badit gpu-check}: what a user with a GPU runs first (examples/scripts/gpu-readiness.sh builds the cuda
 * profile and calls it). One JSON of: the engine and device, the shared oracle checkpoints' logits on the device in
 * float32, float16 and bfloat16 against the reference, verify-init, bench-methods, bench-model and a short train +
 * eval. Each part records its error instead of stopping the others.
 */
@Command(name = "gpu-check", mixinStandardHelpOptions = true,
        description = {"Check this machine's device end to end and write one JSON: engine, device, oracle logits in "
                + "float32 / float16 / bfloat16 (max |diff| and top-1 agreement vs the reference), verify-init, "
                + "bench-methods, bench-model and a short train + eval."})
final class GpuCheckCommand implements Callable<Integer> {

    @Option(names = "--oracle", paramLabel = "DIR", defaultValue = "../shared/oracle",
            description = "Oracle checkpoints with expected.json (default: ${DEFAULT-VALUE}).")
    Path oracle;

    @Option(names = "--out", paramLabel = "FILE", defaultValue = "gpu-readiness.json",
            description = "Results file (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--skip-bench", description = "Leave out bench-methods and bench-model (minutes on a CPU).")
    boolean skipBench;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("started", Instant.now().toString());
        r.put("engine", Engines.describe());
        Device device = Engines.defaultDevice();
        r.put("device", device.toString());
        r.put("oracle_logits", part(() -> oracle(device)));
        Path work = Files.createTempDirectory("badit-gpu-check");
        try {
            Path model = work.resolve("model");
            try (NDManager m = NDManager.newBaseManager(device, Engines.ENGINE_NAME)) {
                DecoderLM.randomInit(ScratchModels.llama(ByteTokenizer.VOCAB_SIZE, 64, 176, 2, 4, 2,
                        ByteTokenizer.BOS, ByteTokenizer.EOS), 5, m).save(model);
            }
            r.put("verify_init", part(() -> json(cli("verify-init", "--model", model.toString(), "--method",
                    "badit", "--experts", "4", "--rank", "4", "--targets", "all-linear"))));
            if (!skipBench) {
                r.put("bench_methods", part(() -> benchmark(new BenchMethodsCommand(), "--steps", "5", "--warmup",
                        "2")));
                r.put("bench_model", part(() -> benchmark(new BenchModelCommand(), "--new-tokens", "64")));
            }
            r.put("train_eval", part(() -> trainEval(work, model)));
        } finally {
            try (Stream<Path> paths = Files.walk(work)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        r.put("finished", Instant.now().toString());
        String text = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(r);
        AtomicFiles.writeString(out, text + "\n");
        System.out.println(text);
        System.err.println("[gpu-check] results: " + out.toAbsolutePath());
        return 0;
    }

    /** A part of the check that may fail on its own. */
    @FunctionalInterface
    private interface Part {
        Object run() throws Exception;
    }

    private static Object part(Part p) {
        long t0 = System.nanoTime();
        Map<String, Object> r = new LinkedHashMap<>();
        try {
            r.put("result", p.run());
        } catch (Exception | Error e) {
            r.put("error", e.getClass().getSimpleName() + ": " + e.getMessage());
        }
        r.put("seconds", (System.nanoTime() - t0) / 1e9);
        return r;
    }

    private Object oracle(Device device) throws IOException {
        if (!Files.isDirectory(oracle)) {
            return "skipped: no oracle directory " + oracle;
        }
        Map<String, Object> cases = new LinkedHashMap<>();
        try (Stream<Path> dirs = Files.list(oracle)) {
            for (Path dir : dirs.sorted().toList()) {
                if (!Files.isRegularFile(dir.resolve("expected.json"))) {
                    continue;
                }
                JsonObject expected = JsonParser.parseString(Files.readString(dir.resolve("expected.json")))
                        .getAsJsonObject();
                Map<String, Object> byType = new LinkedHashMap<>();
                for (DataType type : List.of(DataType.FLOAT32, DataType.FLOAT16, DataType.BFLOAT16)) {
                    if (type == DataType.BFLOAT16 && !device.isGpu()) {
                        // Any bfloat16 array aborts DJL's PyTorch engine on CPU (the JVM dies): never try it there.
                        byType.put("bfloat16", "skipped on CPU: bfloat16 arrays abort DJL's PyTorch engine");
                        continue;
                    }
                    byType.put(type.name().toLowerCase(java.util.Locale.ROOT), part(() -> compare(dir, expected,
                            device, type)));
                }
                cases.put(dir.getFileName().toString(), byType);
            }
        }
        return cases;
    }

    /** Max |logit difference| and top-1 agreement against the reference over every position of every prompt. */
    private static Map<String, Object> compare(Path dir, JsonObject expected, Device device, DataType type) {
        double maxDiff = 0;
        int positions = 0;
        int agree = 0;
        try (NDManager m = NDManager.newBaseManager(device, Engines.ENGINE_NAME)) {
            DecoderLM lm = DecoderLM.load(dir, m, type);
            for (JsonElement c : expected.getAsJsonArray("cases")) {
                JsonArray ids = c.getAsJsonObject().getAsJsonArray("input_ids");
                int[] input = new int[ids.size()];
                for (int i = 0; i < input.length; i++) {
                    input[i] = ids.get(i).getAsInt();
                }
                float[] got = lm.logits(new ParameterStore(m, false), m.create(input, new Shape(1, input.length)),
                        null, false, null).toType(DataType.FLOAT32, false).toFloatArray();
                JsonArray rows = c.getAsJsonObject().getAsJsonArray("logits");
                int vocab = got.length / input.length;
                for (int t = 0; t < input.length; t++) {
                    JsonArray row = rows.get(t).getAsJsonArray();
                    int bestGot = 0;
                    int bestRef = 0;
                    for (int v = 0; v < vocab; v++) {
                        float ref = row.get(v).getAsFloat();
                        maxDiff = Math.max(maxDiff, Math.abs(got[t * vocab + v] - ref));
                        bestGot = got[t * vocab + v] > got[t * vocab + bestGot] ? v : bestGot;
                        bestRef = ref > row.get(bestRef).getAsFloat() ? v : bestRef;
                    }
                    positions++;
                    agree += bestGot == bestRef ? 1 : 0;
                }
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("max_abs_diff", maxDiff);
        r.put("top1_agreement", agree + "/" + positions);
        r.put("reference_tolerance_float32", expected.get("tolerance_abs").getAsDouble());
        return r;
    }

    private static Object benchmark(JsonBenchmark command, String... args) throws Exception {
        new CommandLine(command).parseArgs(args);
        return command.result();
    }

    private static Object trainEval(Path work, Path model) throws IOException {
        Path data = work.resolve("data");
        SyntheticSuite suite = SyntheticSuite.builder().optSeed(7).optInstancesPerTask(16)
                .optTestInstancesPerTask(2).build();
        suite.writeClBenchmark(data, suite.heldOutTasks().subList(0, 2));
        Path run = work.resolve("run");
        Map<String, Object> r = new LinkedHashMap<>();
        String[] train = {"train", "--model", model.toString(), "--data", data.toString(), "--method", "badit",
            "--experts", "2", "--rank", "4", "--targets", "all-linear", "--steps", "10", "--batch-size", "4",
            "--set", "max_prompt_tokens=128", "--output", run.toString()};
        Badit.Captured t = cli(train);
        r.put("train_exit", t.code());
        if (t.code() != 0) {
            r.put("train_error", t.err());
            return r;
        }
        r.put("train_summary", JsonParser.parseString(Files.readString(run.resolve("train.json"))));
        Badit.Captured e = cli("eval", "--run", run.toString(), "--set", "max_new_tokens=8");
        r.put("eval_exit", e.code());
        r.put("eval_metrics", e.code() == 0 ? JsonParser.parseString(Files.readString(run.resolve(
                "eval/metrics.json"))) : e.err());
        return r;
    }

    private static Badit.Captured cli(String... args) {
        return Badit.executeCapturing(args);
    }

    private static Object json(Badit.Captured c) {
        if (c.code() != 0) {
            throw new IllegalStateException("exit " + c.code() + ": " + c.err().strip());
        }
        return JsonParser.parseString(c.out().strip());
    }
}
