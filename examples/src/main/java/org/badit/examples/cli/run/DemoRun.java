package org.badit.examples.cli.run;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.badit.examples.cli.config.RunConfig;
import org.badit.core.data.SuperNiExamples;
import org.badit.core.data.TrainingExample;
import org.badit.core.model.DecoderLM;
import org.badit.core.model.ModelConfig;
import org.badit.core.model.ScratchModels;
import org.badit.core.tokenizer.ByteTokenizer;
import org.badit.core.train.ConsoleProgress;
import org.badit.core.train.Trainer;
import org.badit.core.train.TrainerConfig;
import org.badit.core.train.TrainingTarget;
import org.badit.lora.engine.Engines;
import org.badit.superni.SuperNiTask;
import org.badit.superni.prompt.PaperPrompt;
import org.badit.superni.synthetic.SyntheticSuite;
import org.badit.superni.synthetic.SyntheticTask;

/**
 * {@code badit demo}: the main job on an embedded default that needs nothing but the jar.
 *
 * <ol>
 *   <li>Generate a seeded suite of small synthetic SuperNI tasks: "basic ability" tasks and held-out tasks that
 *       compose them or conflict with each other.
 *   <li>Pre-train a small Llama-family model from scratch on the basic tasks (bytes as tokens), cached on disk so the
 *       next run skips it.
 *   <li>Instruct-tune it on the held-out tasks with each method at equal budget, evaluate with the official metrics,
 *       and write the comparison report.
 * </ol>
 * With {@code --data} the instruct-tuning runs on real SuperNI data instead (with {@code --model}, on a real
 * checkpoint instead of the scratch model).
 */
public final class DemoRun {

    /** Bump when the scratch model or its pre-training changes, so stale caches are not reused. */
    static final String BASE_VERSION = "v3";

    /** Seed of the base model shipped in the jar. */
    public static final long EMBEDDED_BASE_SEED = 7;
    /** Pre-training steps of the base model shipped in the jar (the demo's default). */
    public static final int EMBEDDED_BASE_STEPS = 8000;
    /** Where the jar keeps that base model ({@code config.json}, {@code model.safetensors}). */
    static final String EMBEDDED_BASE = "/demo-base/" + BASE_VERSION + "-seed" + EMBEDDED_BASE_SEED + "-steps"
            + EMBEDDED_BASE_STEPS + "/";
    private static final List<String> BASE_FILES = List.of("config.json", "model.safetensors");

    /** Instances per synthetic task, training and test together. */
    static final int INSTANCES_PER_TASK = 460;
    /** Test instances per synthetic task: one of the 8 tasks' 480 test instances is worth 0.2 points overall. */
    static final int TEST_INSTANCES_PER_TASK = 60;

    private DemoRun() {}

    /**
     * The demo's learning rate per method, where it differs from {@link #DEFAULT_LEARNING_RATE}. None does: the
     * evidence study (docs/evidence.md §3) chose 3e-3 from {1e-3, 3e-3} for every method in the mixed setting on a
     * validation split carved from the training instances (never the test split), and LoRA diverges at 1e-2
     * (docs/demo-calibration.md).
     */
    static final Map<String, Double> LEARNING_RATES = Map.of();

    /** The learning rate of every method without an entry in {@link #LEARNING_RATES} (see there). */
    static final double DEFAULT_LEARNING_RATE = 3e-3;

    /**
     * The demo's knobs.
     *
     * @param seed the seed of everything (the study's first seed)
     * @param output the demo's output directory
     * @param cache where the pre-trained base model is cached
     * @param data real SuperNI data (null: the synthetic suite)
     * @param model a real checkpoint (null: the cached scratch model)
     * @param methods the methods to compare (rows)
     * @param pretrainSteps optimizer steps of the base model's pre-training
     * @param tuneSteps optimizer steps of each run's instruct-tuning, in total: a sequential run spreads them over its
     *     tasks' stages ({@code sequential_steps: total}), so both paradigms cost the same
     * @param paradigms {@code mixed} and/or {@code sequential}
     * @param seeds the number of seeds per row (2 or more adds intervals and paired tests of BADIT)
     * @param pretrain pre-train the base even where the jar ships one for this seed and step count
     */
    public record Options(long seed, Path output, Path cache, Path data, Path model, List<String> methods,
            int pretrainSteps, int tuneSteps, List<String> paradigms, int seeds, boolean pretrain) {

        /** The options of a single-seed mixed comparison. */
        public Options(long seed, Path output, Path cache, Path data, Path model, List<String> methods,
                int pretrainSteps, int tuneSteps) {
            this(seed, output, cache, data, model, methods, pretrainSteps, tuneSteps, List.of("mixed"), 1, false);
        }
    }

    /**
     * Runs the demo.
     *
     * @param o the options
     * @param err progress output
     * @return the comparison
     */
    public static CompareRun.Outcome run(Options o, PrintStream err) {
        List<String> timings = new ArrayList<>();
        long t0 = System.nanoTime();
        SyntheticSuite suite = SyntheticSuite.builder().optSeed(o.seed())
                .optInstancesPerTask(INSTANCES_PER_TASK).optTestInstancesPerTask(TEST_INSTANCES_PER_TASK).build();
        Path data = o.data();
        try {
            if (data == null) {
                data = o.output().resolve("data");
                deleteTree(data);
                suite.writeClBenchmark(data, suite.heldOutTasks());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo tasks: " + e.getMessage(), e);
        }
        timings.add(stage("generate tasks", t0, err));
        long t1 = System.nanoTime();
        Path model = o.model() != null ? o.model() : baseModel(o, suite, err);
        timings.add(stage(o.model() != null ? "base model (given)" : "base model (pre-train or cache)", t1, err));
        long t2 = System.nanoTime();
        RunConfig c = RunConfig.defaults().set("model", model.toString()).set("data", data.toString())
                .set("experts", 4).set("rank", 4).set("alpha", 8).set("targets", "all-linear")
                .set("learning_rate", DEFAULT_LEARNING_RATE).set("warmup_ratio", 0.05).set("max_steps", o.tuneSteps())
                .set("sequential_steps", "total").set("router", "sequence")
                .set("batch_size", 16).set("max_prompt_tokens", 192).set("max_target_tokens", 24)
                .set("max_new_tokens", 16).set("eval_batch_size", 60).set("continual_test_instances", 20)
                .set("max_test_instances", o.data() == null ? 0 : 20)
                .set("max_train_instances", o.data() == null ? 0 : 100).set("seed", (int) o.seed())
                .set("log_every", 10).set("output", o.output().resolve("compare").toString());
        List<StudyRow> rows = new ArrayList<>();
        for (String method : o.methods()) {
            Double lr = LEARNING_RATES.get(method);
            rows.add(new StudyRow(method, method, lr == null ? Map.of() : Map.of("learning_rate", lr.toString())));
        }
        StudyPlan.Builder plan = StudyPlan.builder().setRows(rows).optSeeds(o.seeds()).optParadigms(o.paradigms());
        if (!o.methods().contains("badit")) {
            plan.optPairedTest(StudyPlan.PairedTest.NONE);
        }
        err.println("[demo] " + (o.data() == null ? "synthetic SuperNI tasks (seed " + o.seed() + ")" : "data: " + data)
                + "; base: " + model + "; equal budget K·r = 16 on all linear layers; " + o.tuneSteps()
                + " steps per run (sequential: spread over the tasks, one after another); " + o.seeds() + " seed(s)");
        CompareRun.Outcome outcome = StudyRun.run(c, plan.build(), "BADIT demo: instruct-tuning comparison", err);
        timings.add(stage("instruct-tune + evaluate " + o.methods() + " " + o.paradigms(), t2, err));
        timings.add(String.format(Locale.ROOT, "total %.1f s", (System.nanoTime() - t0) / 1e9));
        err.println("stage timings: " + String.join("; ", timings));
        return outcome;
    }

    private static String stage(String name, long start, PrintStream err) {
        String line = String.format(Locale.ROOT, "%s %.1f s", name, (System.nanoTime() - start) / 1e9);
        err.println("[demo] " + line);
        return line;
    }

    /** The scratch base model: from the cache, or pre-trained now on the basic-ability tasks and cached. */
    static Path baseModel(Options o, SyntheticSuite suite, PrintStream err) {
        Path dir = o.cache().resolve("demo-base-" + BASE_VERSION + "-seed" + o.seed() + "-steps" + o.pretrainSteps());
        if (Files.isRegularFile(dir.resolve("model.safetensors")) && Files.isRegularFile(dir.resolve("config.json"))) {
            err.println("[demo] using the cached base model " + dir);
            return dir;
        }
        if (!o.pretrain() && o.seed() == EMBEDDED_BASE_SEED && o.pretrainSteps() == EMBEDDED_BASE_STEPS
                && DemoRun.class.getResource(EMBEDDED_BASE + "model.safetensors") != null) {
            err.println("[demo] using the base model shipped in the jar (pre-trained " + EMBEDDED_BASE_STEPS
                    + " steps, seed " + EMBEDDED_BASE_SEED + "; --pretrain rebuilds it), copied to " + dir);
            try {
                Path tmp = o.cache().resolve(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
                deleteTree(tmp);
                Files.createDirectories(tmp);
                for (String file : BASE_FILES) {
                    try (var in = DemoRun.class.getResourceAsStream(EMBEDDED_BASE + file)) {
                        Files.copy(in, tmp.resolve(file));
                    }
                }
                moveAtomically(tmp, dir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the shipped base model to " + dir + ": " + e.getMessage(),
                        e);
            }
            return dir;
        }
        err.println("[demo] pre-training the base model from scratch on " + suite.basicTasks().size()
                + " basic-ability tasks (cached afterwards in " + dir + ")");
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            ModelConfig config = ScratchModels.llama(ByteTokenizer.VOCAB_SIZE, 128, 352, 3, 4, 2, ByteTokenizer.BOS,
                    ByteTokenizer.EOS);
            DecoderLM lm = DecoderLM.randomInit(config, o.seed(), manager);
            List<SuperNiTask> basic = suite.basicTasks().stream().map(SyntheticTask::trainTask).toList();
            List<TrainingExample> examples = SuperNiExamples.tokenize(basic, new PaperPrompt(), new ByteTokenizer(),
                    192, 24);
            TrainerConfig tc = TrainerConfig.builder().optLearningRate(3e-3f).optWarmupRatio(0.05f)
                    .optMinLrRatio(0.1f).optBatchSize(16).optMaxSteps(o.pretrainSteps()).optSeed(o.seed())
                    .optLogEvery(0).build();
            new Trainer(tc, List.of(new ConsoleProgress(err, System.console() != null, 50)))
                    .fit(TrainingTarget.full(lm), examples, ByteTokenizer.PAD, false);
            lm.freezeAll();
            Path tmp = o.cache().resolve(dir.getFileName() + ".tmp-" + ProcessHandle.current().pid());
            deleteTree(tmp);
            lm.save(tmp);
            moveAtomically(tmp, dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot cache the base model in " + dir + ": " + e.getMessage(), e);
        }
        return dir;
    }

    private static void moveAtomically(Path from, Path to) throws IOException {
        Files.createDirectories(to.getParent());
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
