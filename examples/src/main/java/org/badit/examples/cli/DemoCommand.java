package org.badit.examples.cli;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.Callable;
import org.badit.examples.cli.run.CompareRun;
import org.badit.examples.cli.run.DemoRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit demo}: the main job end to end on an embedded default. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the main job end to end with nothing but the jar: generate seeded synthetic SuperNI "
            + "tasks, pre-train a small Llama from scratch on basic-ability tasks (cached), instruct-tune it with "
            + "LoRA, PiSSA, LoRAMoE, BADIT without DOG and BADIT at equal budget on held-out tasks, and print the "
            + "comparison table (--paradigms mixed,sequential adds the continual setting with forgetting; --seeds 2 "
            + "or more adds intervals and paired tests).",
            "With --data, instruct-tune on real SuperNI data instead (e.g. the 15-task benchmark)."})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "DIR", description = "Real SuperNI data (either layout).")
    Path data;

    @Option(names = "--model", paramLabel = "DIR", description = "A real checkpoint instead of the scratch model.")
    Path model;

    @Option(names = "--methods", split = ",", defaultValue = "lora,pissa,loramoe,badit-nodog,badit",
            description = "Methods to compare (default: ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--paradigms", split = ",", defaultValue = "mixed",
            description = "mixed (all tasks at once) and/or sequential (one task after another, the continual "
                    + "setting, at the same total steps; its accuracy matrix decodes after every task, so "
                    + "mixed,sequential takes about twice as long) (default: ${DEFAULT-VALUE}, to fit 10 minutes).")
    List<String> paradigms;

    @Option(names = "--seeds", defaultValue = "1", description = "Seeds per method: 2 or more add 95 %% intervals "
            + "and paired tests of BADIT against each baseline (default: ${DEFAULT-VALUE}, to fit 10 minutes).")
    int seeds;

    @Option(names = "--seed", defaultValue = "7", description = "Seed of everything.")
    long seed;

    @Option(names = "--output", defaultValue = "runs/demo", paramLabel = "DIR", description = "Output directory.")
    Path output;

    @Option(names = "--cache", paramLabel = "DIR", description = "Where the pre-trained base model is cached "
            + "(default: $BADIT_CACHE or ~/.cache/badit).")
    Path cache;

    @Option(names = "--pretrain-steps", defaultValue = "8000", description = "Pre-training steps of the base model "
            + "(default: ${DEFAULT-VALUE}; with the default --seed the jar ships this base, so nothing is pre-trained).")
    int pretrainSteps;

    @Option(names = "--pretrain", description = "Pre-train the base model even where the jar ships one (reproduces "
            + "the shipped base: about 25 minutes on 2 cores).")
    boolean pretrain;

    @Option(names = "--steps", defaultValue = "300", description = "Instruct-tuning steps per run, in total: a "
            + "sequential run gives each task's stage steps / (number of tasks), rounded up.")
    int steps;


    /** {@inheritDoc} */
    @Override
    public Integer call() {
        methods.forEach(org.badit.core.method.Method::parse);
        if (data != null && !java.nio.file.Files.isDirectory(data)) {
            throw new IllegalArgumentException(data + ": no such data directory");
        }
        Path cacheDir = cache != null ? cache : defaultCache();
        CompareRun.Outcome o = DemoRun.run(new DemoRun.Options(seed, output, cacheDir, data, model, methods,
                pretrainSteps, steps, paradigms.stream().map(String::trim).toList(), seeds, pretrain), System.err);
        System.out.println();
        System.out.println(o.report().renderTable());
        if (o.report().getStudy() != null) {
            o.report().getStudy().verdicts().forEach(System.out::println);
            o.report().getStudy().caveats().forEach(line -> System.out.println("caveat: " + line));
        }
        System.out.println("report: " + o.files().markdown().toAbsolutePath());
        return 0;
    }

    private static Path defaultCache() {
        String env = System.getenv("BADIT_CACHE");
        return env != null && !env.isBlank() ? Paths.get(env)
                : Paths.get(System.getProperty("user.home"), ".cache", "badit");
    }
}
