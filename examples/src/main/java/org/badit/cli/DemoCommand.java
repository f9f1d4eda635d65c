package org.badit.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import org.badit.cli.run.CompareRun;
import org.badit.cli.run.DemoRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit demo}: the main job end to end on an embedded default. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the main job end to end with nothing but the jar: generate seeded synthetic SuperNI "
            + "tasks, pre-train a small Llama from scratch on basic-ability tasks (cached), instruct-tune it with "
            + "LoRA, LoRAMoE and BADIT at equal budget on held-out tasks, and print the comparison table.",
            "With --data, instruct-tune on real SuperNI data instead (e.g. the 15-task benchmark)."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Real SuperNI data (either layout).")
    Path data;

    @Option(names = "--model", paramLabel = "DIR", description = "A real checkpoint instead of the scratch model.")
    Path model;

    @Option(names = "--methods", split = ",", defaultValue = "lora,loramoe,badit", description = "Methods to compare.")
    List<String> methods;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of everything.")
    long seed;

    @Option(names = "--output", defaultValue = "runs/demo", paramLabel = "DIR", description = "Output directory.")
    Path output;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where the pre-trained base model is cached "
            + "(default: $BADIT_CACHE or ~/.cache/badit).")
    Path cache;

    @Option(names = "--pretrain-steps", defaultValue = "1200", description = "Pre-training steps of the base model.")
    int pretrainSteps;

    @Option(names = "--steps", defaultValue = "300", description = "Instruct-tuning steps per method, in total: "
            + "in sequential mode each task's stage gets steps / (number of tasks), rounded up.")
    int steps;

    @Option(names = "--mode", defaultValue = "mixed", description = "mixed (all tasks at once) or sequential "
            + "(one task after another, the continual setting; same total steps).")
    String mode;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        methods.forEach(org.badit.core.method.Method::parse);
        if (!mode.equals("mixed") && !mode.equals("sequential")) {
            throw new IllegalArgumentException("--mode must be mixed or sequential, got " + mode);
        }
        if (data != null && !java.nio.file.Files.isDirectory(data)) {
            throw new IllegalArgumentException(data + ": no such data directory");
        }
        Path cacheDir = cache != null ? cache : defaultCache();
        CompareRun.Outcome o = DemoRun.run(new DemoRun.Options(seed, output, cacheDir, data, model, methods,
                pretrainSteps, steps, mode), System.err);
        System.out.println();
        System.out.println(o.report().renderTable());
        System.out.println("report: " + o.files().markdown().toAbsolutePath());
        return 0;
    }

    private static Path defaultCache() {
        String env = System.getenv("BADIT_CACHE");
        return env != null && !env.isBlank() ? Paths.get(env)
                : Paths.get(System.getProperty("user.home"), ".cache", "badit");
    }
}
