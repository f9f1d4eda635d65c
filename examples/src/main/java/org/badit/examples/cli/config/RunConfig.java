package org.badit.examples.cli.config;

import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.badit.core.method.MethodConfig;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The settings of a run: every key with its type, default and meaning ({@link #KEYS}), read from a YAML or JSON file
 * (JSON is YAML) and overridden by command-line flags. Unknown keys and values of the wrong type are errors that name
 * the file and the key, never silently ignored.
 */
public final class RunConfig {

    // The method's defaults are declared once, in MethodConfig and Dog; these keys point at them.
    private static final MethodConfig.DogSettings DOG = MethodConfig.DogSettings.DEFAULT;

    /** Every setting, in the order docs/configuration.md lists them. */
    public static final List<RunConfigKey> KEYS = List.of(
            key("model", RunConfigKey.Type.STRING, null, "Hugging Face checkpoint directory (config.json, "
                    + "*.safetensors, tokenizer.json); required by train/eval/compare"),
            key("data", RunConfigKey.Type.STRING, null, "SuperNI data: the natural-instructions root (tasks/ + splits/) "
                    + "or a CL-benchmark folder (one folder per task with train.json, test.json)"),
            key("track", RunConfigKey.Type.STRING, "default", "split track of the original layout: default or xlingual"),
            key("tasks", RunConfigKey.Type.LIST, List.of(), "only these task names (empty: all of the split)"),
            key("categories", RunConfigKey.Type.LIST, List.of(), "only tasks of these categories (original layout)"),
            key("max_train_instances", RunConfigKey.Type.INT, 0, "cap per task on training instances (0: all)").atLeast(0),
            key("max_test_instances", RunConfigKey.Type.INT, 0, "cap per task on test instances (0: all)").atLeast(0),
            key("validation_instances", RunConfigKey.Type.INT, 0, "held out per task from the (capped) training "
                    + "instances as a validation split, seeded by validation_seed, never trained on (0: none)").atLeast(0),
            key("validation_seed", RunConfigKey.Type.INT, 0, "seed of the validation split's draw"),
            key("eval_split", RunConfigKey.Type.STRING, "test", "what eval decodes: test, or validation (the held-out "
                    + "training instances; needs validation_instances > 0)"),
            key("prompt", RunConfigKey.Type.STRING, "paper", "prompt template: paper (the BADIT paper's) or tk-instruct"),
            key("max_prompt_tokens", RunConfigKey.Type.INT, 512, "prompt budget; longer prompts keep their end").atLeast(1).atMost(1048576),
            key("max_target_tokens", RunConfigKey.Type.INT, 64, "target budget including EOS").atLeast(1).atMost(1048576),
            key("method", RunConfigKey.Type.STRING, MethodConfig.DEFAULT_METHOD.id(),
                    "lora, pissa, milora, olora, loramoe, badit-nodog, badit or badit-nobad"),
            key("experts", RunConfigKey.Type.INT, MethodConfig.DEFAULT_EXPERTS, "K, the number of experts (LoRA-family methods get rank K·r)").atLeast(1).atMost(1024),
            key("rank", RunConfigKey.Type.INT, MethodConfig.DEFAULT_RANK, "r, each expert's rank").atLeast(1).atMost(65536),
            key("alpha", RunConfigKey.Type.NUMBER, (double) MethodConfig.DEFAULT_ALPHA, "LoRA alpha of one expert; the update scale is alpha / r").above(0),
            key("router", RunConfigKey.Type.STRING, MethodConfig.DEFAULT_ROUTER.id(), "sequence (the paper's: per prompt), token, task, or static "
                    + "(PiSSA with per-expert scalars); LoRAMoE: token"),
            key("targets", RunConfigKey.Type.LIST, MethodConfig.DEFAULT_TARGETS,
                    "modules to adapt: names (suffix match), all-linear, or regex:<pattern>"),
            key("svd", RunConfigKey.Type.STRING, "auto", "auto, exact or randomized:<niter>"),
            key("dropout", RunConfigKey.Type.NUMBER, 0.0, "dropout on the LoRA branch (LoRA family)").atLeast(0).atMost(0.99),
            key("dog_ema_beta", RunConfigKey.Type.NUMBER, Double.valueOf(Float.toString(DOG.emaBeta())), "DOG: decay of the component-gradient EMA").atLeast(0).atMost(1),
            key("dog_regroup_every", RunConfigKey.Type.INT, DOG.regroupEvery(), "DOG: regroup every N optimizer steps").atLeast(1),
            key("dog_regroup_until", RunConfigKey.Type.NUMBER, DOG.regroupUntil(), "DOG: regroup during this fraction of training").atLeast(0).atMost(1),
            key("dog_restarts", RunConfigKey.Type.INT, DOG.restarts(), "DOG: spherical k-means restarts").atLeast(1).atMost(1000),
            key("dog_orthogonalize", RunConfigKey.Type.BOOLEAN, DOG.orthogonalize(), "DOG: re-orthogonalise the components (joint "
                    + "re-SVD, output-preserving) before each regroup; false: the paper's literal DOG"),
            key("dog_orthogonalization", RunConfigKey.Type.STRING, DOG.orthogonalization().id(), "DOG: how to "
                    + "re-orthogonalise: svd (joint re-SVD, output-preserving for a static router), nearest (the "
                    + "nearest orthogonal components, the smallest change), none (the paper's literal DOG) or auto "
                    + "(svd; under the per-prompt router every way diverged in some seeds, docs/evidence.md)"),
            key("dog_handoff_steps", RunConfigKey.Type.INT, DOG.handoffSteps(), "DOG: under an input-dependent "
                    + "router a moved component keeps its routing weights and takes its new expert's over this many "
                    + "steps (the regroup itself is exact); 0: at once, rescaled by the batch's mean routing weights")
                    .atLeast(0).atMost(100000),
            key("dog_orthogonalize_max_spread", RunConfigKey.Type.NUMBER, (double) DOG.orthogonalizeMaxSpread(),
                    "DOG: re-orthogonalise a layer only while its routing weights depend on the input by at most this "
                    + "fraction (mean max |α − ᾱ| / ᾱ); above it the layer is only regrouped (literal DOG); 0: no gate, "
                    + "every layer (docs/evidence.md measures 0.1)").atLeast(0),
            key("dog_backend", RunConfigKey.Type.STRING, DOG.backend(), "DOG: where the regroup's clustering runs: "
                    + "libtorch (batched, the model's device) or nd4j (host; needs ND4J on the classpath, not in the "
                    + "badit jar)"),
            key("mode", RunConfigKey.Type.STRING, "mixed", "mixed (multi-task) or sequential (continual)"),
            key("task_groups", RunConfigKey.Type.STRING, "", "a groups.json (badit group-tasks writes one; a directory "
                    + "means DIR/groups.json): train one adapter per group into <output>/group-<i>/, and eval routes "
                    + "each task to its group's adapter (empty: one adapter for all tasks)"),
            key("group_budget", RunConfigKey.Type.STRING, "same", "task_groups: same (every group trains max_steps) "
                    + "or split (max_steps times the group's share of the grouped tasks, rounded up: the grouped run "
                    + "costs what one all-tasks run costs)"),
            key("task_order_seed", RunConfigKey.Type.INT, 0, "sequential: seeded shuffle of the sorted task list "
                    + "(0: sorted order)").atLeast(0),
            key("learning_rate", RunConfigKey.Type.NUMBER, 2e-4, "peak learning rate").above(0),
            key("warmup_ratio", RunConfigKey.Type.NUMBER, 0.03, "warmup fraction of each stage").atLeast(0).atMost(1),
            key("min_lr_ratio", RunConfigKey.Type.NUMBER, 0.0, "final learning rate / peak (cosine schedule)").atLeast(0).atMost(1),
            key("weight_decay", RunConfigKey.Type.NUMBER, 0.0, "AdamW decoupled weight decay").atLeast(0),
            key("max_grad_norm", RunConfigKey.Type.NUMBER, 1.0, "global gradient-norm clipping (0: off)").atLeast(0),
            key("batch_size", RunConfigKey.Type.INT, 8, "examples per micro-batch").atLeast(1).atMost(65536),
            key("gradient_accumulation", RunConfigKey.Type.INT, 1, "micro-batches per optimizer step").atLeast(1).atMost(65536),
            key("epochs", RunConfigKey.Type.INT, 1, "passes over each stage's data (when max_steps is 0)").atLeast(1),
            key("max_steps", RunConfigKey.Type.INT, 0, "optimizer steps of the run (0: from epochs); sequential runs "
                    + "split them over the tasks' stages (see sequential_steps)").atLeast(0),
            key("sequential_steps", RunConfigKey.Type.STRING, "total", "sequential mode: total (max_steps is the whole "
                    + "run's budget, each of T stages gets ceil(max_steps / T), as a mixed run of max_steps) or "
                    + "per_task (every stage gets max_steps)"),
            key("balance_loss_weight", RunConfigKey.Type.NUMBER, 0.0,
                    "weight of the token routers' load-balancing loss (LoRAMoE's optional term; 0: off)").atLeast(0),
            key("seed", RunConfigKey.Type.INT, (int) MethodConfig.DEFAULT_SEED, "seed of initialization, data order, dropout and DOG"),
            key("log_every", RunConfigKey.Type.INT, 10, "steps between expert metrics in metrics.jsonl").atLeast(0),
            key("checkpoint_every", RunConfigKey.Type.INT, 0, "steps between checkpoints (0: at stage ends)").atLeast(0),
            key("continual_test_instances", RunConfigKey.Type.INT, 0, "sequential eval: test instances per task "
                    + "for the accuracy matrix and zero-shot row (0: all; the final scores always use all)").atLeast(0),
            key("eval_batch_size", RunConfigKey.Type.INT, 16, "prompts decoded together").atLeast(1).atMost(65536),
            key("max_new_tokens", RunConfigKey.Type.INT, 50, "decoding budget (the SuperNI protocol: 50)").atLeast(1).atMost(1048576),
            key("threads", RunConfigKey.Type.INT, 0, "libtorch intra-op threads (0: the engine's default)").atLeast(0).atMost(4096),
            key("output", RunConfigKey.Type.STRING, "runs/latest", "output directory of the run"));

    private final Map<String, Object> values;
    private final Path source;

    private RunConfig(Map<String, Object> values, Path source) {
        this.values = values;
        this.source = source;
    }

    private static RunConfigKey key(String name, RunConfigKey.Type type, Object def, String help) {
        return new RunConfigKey(name, type, def, help);
    }

    /**
     * The defaults.
     *
     * @return a configuration of every key's default
     */
    public static RunConfig defaults() {
        Map<String, Object> v = new LinkedHashMap<>();
        KEYS.forEach(k -> v.put(k.name(), k.defaultValue()));
        return new RunConfig(v, null);
    }

    /**
     * Reads a YAML or JSON file over the defaults.
     *
     * @param file the file
     * @return the configuration
     * @throws IllegalArgumentException naming the file and the key on any problem
     */
    public static RunConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": config file not found");
        }
        Object parsed;
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        } catch (IOException | YAMLException e) {
            throw new IllegalArgumentException(file + ": not valid YAML/JSON: " + firstLine(e.getMessage()), e);
        }
        if (parsed == null) {
            parsed = Map.of();
        }
        if (!(parsed instanceof Map)) {
            throw new IllegalArgumentException(file + ": the top level must be a mapping of settings");
        }
        RunConfig config = defaults();
        RunConfig withFile = new RunConfig(config.values, file);
        for (Map.Entry<?, ?> e : ((Map<?, ?>) parsed).entrySet()) {
            withFile.set(String.valueOf(e.getKey()), e.getValue());
        }
        return withFile;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.split("\n")[0];
    }

    /**
     * Sets one key (a flag's override or a file's value), converting and validating the value.
     *
     * @param name the key (dashes accepted for underscores)
     * @param value the value: a string from a flag or a YAML scalar/list
     * @return this configuration
     */
    public RunConfig set(String name, Object value) {
        String n = name.trim().replace('-', '_');
        RunConfigKey key = KEYS.stream().filter(k -> k.name().equals(n)).findFirst().orElseThrow(
                () -> new IllegalArgumentException(where() + "unknown key '" + name + "'; known keys: "
                        + KEYS.stream().map(RunConfigKey::name).collect(Collectors.joining(", "))));
        values.put(n, convert(key, value));
        return this;
    }

    private Object convert(RunConfigKey key, Object value) {
        String what = where() + "key '" + key.name() + "' ";
        if (value == null) {
            return key.defaultValue();
        }
        try {
            switch (key.type()) {
                case STRING:
                    if (value instanceof Map || value instanceof List) {
                        throw new IllegalArgumentException(what + "must be a string, got " + value);
                    }
                    return value.toString();
                case INT:
                    double whole = value instanceof Number ? ((Number) value).doubleValue()
                            : Long.parseLong(value.toString().trim());
                    if (whole % 1 != 0 || whole < Integer.MIN_VALUE || whole > Integer.MAX_VALUE) {
                        throw new IllegalArgumentException(what + "must be an integer (32-bit), got '" + value + "'");
                    }
                    return inRange(key, (int) whole, value);
                case NUMBER:
                    double number = value instanceof Number ? ((Number) value).doubleValue()
                            : Double.parseDouble(value.toString().trim());
                    return inRange(key, number, value);
                case BOOLEAN:
                    String b = value.toString().trim().toLowerCase(Locale.ROOT);
                    if (!b.equals("true") && !b.equals("false")) {
                        throw new IllegalArgumentException(what + "must be true or false, got '" + value + "'");
                    }
                    return Boolean.parseBoolean(b);
                case LIST:
                    if (value instanceof List) {
                        List<String> out = new ArrayList<>();
                        ((List<?>) value).forEach(x -> out.add(String.valueOf(x)));
                        return out;
                    }
                    String s = value.toString().trim();
                    return s.isEmpty() ? List.of() : Arrays.stream(s.split(",")).map(String::trim).toList();
                default:
                    throw new IllegalStateException(key.type().toString());
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + "must be " + (key.type() == RunConfigKey.Type.INT ? "an integer"
                    : "a number") + ", got '" + value + "'", e);
        }
    }

    private <T extends Number> T inRange(RunConfigKey key, T number, Object given) {
        if (!key.allows(number.doubleValue())) {
            throw new IllegalArgumentException(where() + "key '" + key.name() + "' must be "
                    + (key.range().isEmpty() ? "finite" : key.range()) + ", got '" + given + "'");
        }
        return number;
    }

    private String where() {
        return source == null ? "" : source + ": ";
    }

    /**
     * Returns a string setting.
     *
     * @param key the key
     * @return its value, or null when unset
     */
    public String string(String key) {
        Object v = get(key);
        return v == null ? null : v.toString();
    }

    /**
     * Returns a required string setting.
     *
     * @param key the key
     * @param command the command that needs it, for the message
     * @return its value
     */
    public String require(String key, String command) {
        String v = string(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(command + " needs --" + key.replace('_', '-') + " (or '" + key
                    + "' in the config file)");
        }
        return v;
    }

    /**
     * Returns an integer setting.
     *
     * @param key the key
     * @return its value
     */
    public int integer(String key) {
        return ((Number) get(key)).intValue();
    }

    /**
     * Returns a true/false setting.
     *
     * @param key the key
     * @return its value
     */
    public boolean bool(String key) {
        return (Boolean) get(key);
    }

    /**
     * Returns a number setting.
     *
     * @param key the key
     * @return its value
     */
    public double number(String key) {
        return ((Number) get(key)).doubleValue();
    }

    /**
     * Returns a list setting.
     *
     * @param key the key
     * @return its value
     */
    @SuppressWarnings("unchecked")
    public List<String> list(String key) {
        return (List<String>) get(key);
    }

    private Object get(String key) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("no setting '" + key + "'");
        }
        return values.get(key);
    }

    /**
     * Returns a copy with the same values.
     *
     * @return the copy
     */
    public RunConfig copy() {
        return new RunConfig(new LinkedHashMap<>(values), source);
    }

    /**
     * Returns the effective settings, for printing and saving beside the outputs.
     *
     * @return key to value, in documentation order
     */
    public Map<String, Object> asMap() {
        return new LinkedHashMap<>(values);
    }

    /**
     * Returns the effective settings as pretty JSON.
     *
     * @return the JSON text
     */
    public String toJson() {
        return new GsonBuilder().setPrettyPrinting().serializeNulls().create().toJson(values);
    }
}
