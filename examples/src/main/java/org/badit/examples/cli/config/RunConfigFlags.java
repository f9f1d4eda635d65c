package org.badit.examples.cli.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options every run command shares: a config file, then flags that override it. Each flag is a key of
 * {@link RunConfig}; {@code --set key=value} reaches every other key.
 */
public final class RunConfigFlags {

    @Option(names = "--config", paramLabel = "FILE", description = "YAML or JSON settings (keys: docs/configuration.md).")
    Path config;

    @Option(names = "--model", paramLabel = "DIR", description = "Hugging Face checkpoint directory.")
    String model;

    @Option(names = "--data", paramLabel = "DIR", description = "SuperNI data (either layout).")
    String data;

    @Option(names = "--method", description = "lora, pissa, milora, olora, loramoe, badit-nodog, badit or "
            + "badit-nobad (random experts + DOG).")
    String method;

    @Option(names = "--experts", description = "K, the number of experts.")
    Integer experts;

    @Option(names = "--rank", description = "r, each expert's rank (LoRA methods: K·r).")
    Integer rank;

    @Option(names = "--router", description = "static, sequence, token or task.")
    String router;

    @Option(names = "--targets", description = "Modules to adapt: names, all-linear, or regex:<pattern>.")
    String targets;

    @Option(names = "--mode", description = "mixed or sequential.")
    String mode;

    @Option(names = {"--lr", "--learning-rate"}, description = "Peak learning rate.")
    Double learningRate;

    @Option(names = "--steps", description = "Optimizer steps of the run (0: from --epochs); sequential "
            + "runs split them over the tasks (sequential_steps).")
    Integer steps;

    @Option(names = "--epochs", description = "Passes over each stage's data.")
    Integer epochs;

    @Option(names = "--batch-size", description = "Examples per micro-batch.")
    Integer batchSize;

    @Option(names = "--max-train-instances", description = "Cap per task on training instances.")
    Integer maxTrain;

    @Option(names = "--max-test-instances", description = "Cap per task on test instances.")
    Integer maxTest;

    @Option(names = "--seed", description = "Seed of everything random.")
    Integer seed;

    @Option(names = "--output", paramLabel = "DIR", description = "Output directory of the run.")
    String output;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any other setting, e.g. --set dog_regroup_every=2.")
    Map<String, String> set = new LinkedHashMap<>();

    /**
     * Resolves the effective settings: defaults, then the config file, then flags.
     *
     * @return the settings
     */
    public RunConfig resolve() {
        RunConfig c = config == null ? RunConfig.defaults() : RunConfig.load(config);
        Map<String, Object> flags = new LinkedHashMap<>();
        flags.put("model", model);
        flags.put("data", data);
        flags.put("method", method);
        flags.put("experts", experts);
        flags.put("rank", rank);
        flags.put("router", router);
        flags.put("targets", targets);
        flags.put("mode", mode);
        flags.put("learning_rate", learningRate);
        flags.put("max_steps", steps);
        flags.put("epochs", epochs);
        flags.put("batch_size", batchSize);
        flags.put("max_train_instances", maxTrain);
        flags.put("max_test_instances", maxTest);
        flags.put("seed", seed);
        flags.put("output", output);
        flags.forEach((k, v) -> {
            if (v != null) {
                c.set(k, v);
            }
        });
        set.forEach(c::set);
        return c;
    }
}
