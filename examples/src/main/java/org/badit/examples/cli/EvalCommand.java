package org.badit.examples.cli;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.cli.run.EvalRun;
import org.badit.lora.engine.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit eval}: decode and score a trained run on the test split. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate a training run (or a grouped run of train --task-groups: each task with its group's "
            + "adapter) on the SuperNI test split: greedy decoding (50 new tokens) with the "
            + "KV cache, official ROUGE-L / exact match; sequential runs also get the accuracy matrix and "
            + "Cl/Fgt/Bwt/Fwt.", "Writes eval/predictions.jsonl, eval/metrics.json (and eval/continual.json)."})
final class EvalCommand implements Callable<Integer> {

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "The directory `badit train` wrote.")
    Path run;

    @Option(names = "--model", paramLabel = "DIR", description = "Override the run's checkpoint directory.")
    String model;

    @Option(names = "--data", paramLabel = "DIR", description = "Override the run's data directory.")
    String data;

    @Option(names = "--max-test-instances", description = "Cap per task on test instances.")
    Integer maxTest;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Override any other setting.")
    Map<String, String> set = new java.util.LinkedHashMap<>();

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        RunConfig c = EvalRun.settingsOf(run);
        override(c);
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            EvalRun.Outcome o = EvalRun.run(c, run, manager, System.err);
            System.out.println(new com.google.gson.GsonBuilder().setPrettyPrinting().create()
                    .toJson(o.result().officialMetrics()));
            if (o.continual() != null) {
                System.out.printf("Cl %.4f  Fgt %.4f  Bwt %.4f  Fwt %.4f%n", o.continual().cl(), o.continual().fgt(),
                        o.continual().bwt(), o.continual().fwt());
            }
        }
        return 0;
    }

    /** The flags' changes to a run's saved settings. */
    private void override(RunConfig c) {
        if (model != null) {
            c.set("model", model);
        }
        if (data != null) {
            c.set("data", data);
        }
        if (maxTest != null) {
            c.set("max_test_instances", maxTest);
        }
        set.forEach(c::set);
    }
}
