package org.badit.superni.synthetic;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.badit.superni.Example;
import org.badit.superni.Instance;

/**
 * A seeded suite of small synthetic instruction tasks in SuperNI format, for the {@code badit demo} command: short
 * strings (inputs at most 40 characters, outputs at most 12) over lowercase letters, digits and a dozen 3-letter
 * words, so that a byte-level tiny model learns them in minutes on a CPU.
 *
 * <pre>{@code
 * SyntheticSuite suite = SyntheticSuite.builder().optSeed(7).optInstancesPerTask(200).build();
 * suite.writeNaturalInstructions(dir.resolve("superni"));   // tasks/ + splits/default/
 * suite.writeClBenchmark(dir.resolve("cl"));                 // <task>/train.json, test.json (held-out tasks)
 * List<SyntheticTask> pretrain = suite.basicTasks();
 * }</pre>
 *
 * <p><b>Basic-ability tasks</b> ({@link #basicTasks()}, the pre-training set of the demo's base model, and
 * {@code train_tasks.txt}): one ability each — reverse a word, sort its letters a-z, uppercase it, count the letter
 * a, does it contain e (yes/no), the larger of two numbers, add two numbers, count the items of a list, the first
 * letter of a word.
 *
 * <p><b>Held-out tasks</b> ({@link #heldOutTasks()}, the instruct-tuning set, {@code test_tasks.txt}, and what
 * {@link #writeClBenchmark(Path)} writes): palindrome yes/no (reverse + compare), even/odd sum (add + parity),
 * reverse then uppercase, sort z-a (sort + reverse, the opposite rule of the basic a-z sort), the first vs the last
 * letter after sorting, and the first vs the last item of a list. The last two pairs share their input format and
 * apply opposite rules, so one shared adapter is pulled in opposite directions (the interference BADIT's orthogonal
 * experts address), while the compositions share skills with the basic tasks and with each other.
 *
 * <p>Deterministic: each task draws from its own {@link Random} seeded by the suite seed and the task name, so the
 * same seed gives the same tasks and byte-identical files, and a task does not change when others are added.
 * Inputs are distinct within a task (positive examples included), so test inputs never appear in training.
 */
public final class SyntheticSuite {

    /** How many candidate draws per wanted instance before giving up on finding distinct inputs. */
    private static final int TRIES_PER_INSTANCE = 50;

    private final long seed;
    private final int instancesPerTask;
    private final int testInstancesPerTask;
    private final List<SyntheticTask> basic;
    private final List<SyntheticTask> heldOut;

    private SyntheticSuite(Builder b) {
        this.seed = b.seed;
        this.instancesPerTask = b.instancesPerTask;
        this.testInstancesPerTask = b.testInstancesPerTask;
        this.basic = generateAll(Catalog.basic(), true);
        this.heldOut = generateAll(Catalog.heldOut(), false);
    }

    /**
     * Creates a builder.
     *
     * @return a builder with seed 0, 200 instances per task of which 20 are test instances
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The seed the suite was generated with.
     *
     * @return the seed
     */
    public long seed() {
        return seed;
    }

    /**
     * All tasks: basic-ability tasks first, then held-out tasks, each in catalogue order.
     *
     * @return the tasks
     */
    public List<SyntheticTask> tasks() {
        List<SyntheticTask> all = new ArrayList<>(basic);
        all.addAll(heldOut);
        return List.copyOf(all);
    }

    /**
     * The basic-ability tasks (pre-training of the demo's base model).
     *
     * @return the tasks
     */
    public List<SyntheticTask> basicTasks() {
        return basic;
    }

    /**
     * The held-out tasks (instruct-tuning and evaluation).
     *
     * @return the tasks
     */
    public List<SyntheticTask> heldOutTasks() {
        return heldOut;
    }

    /**
     * One task by name.
     *
     * @param name the task name
     * @return the task
     * @throws IllegalArgumentException when the suite has no such task
     */
    public SyntheticTask task(String name) {
        for (SyntheticTask t : tasks()) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("no synthetic task named \"" + name + "\"");
    }

    /**
     * Writes the suite in the original natural-instructions layout: {@code tasks/<name>.json} (all instances,
     * training first) and {@code splits/default/train_tasks.txt} (basic tasks), {@code test_tasks.txt} (held-out
     * tasks), {@code excluded_tasks.txt} (empty). Each file is written to a temporary name and then renamed.
     *
     * @param root the folder (created if needed)
     * @return {@code root}
     * @throws IOException when a file cannot be written
     */
    public Path writeNaturalInstructions(Path root) throws IOException {
        SuiteWriter.writeNaturalInstructions(root, basic, heldOut);
        return root;
    }

    /**
     * Writes the held-out tasks in the CL-benchmark layout: {@code <name>/train.json} and {@code <name>/test.json}.
     *
     * @param root the folder (created if needed)
     * @return {@code root}
     * @throws IOException when a file cannot be written
     */
    public Path writeClBenchmark(Path root) throws IOException {
        return writeClBenchmark(root, heldOut);
    }

    /**
     * Writes the given tasks in the CL-benchmark layout. Task folders already in {@code root} are left alone, so
     * write into an empty folder to load exactly these tasks.
     *
     * @param root the folder (created if needed)
     * @param tasks the tasks, e.g. {@link #tasks()} or {@link #basicTasks()}
     * @return {@code root}
     * @throws IOException when a file cannot be written
     */
    public Path writeClBenchmark(Path root, List<SyntheticTask> tasks) throws IOException {
        SuiteWriter.writeClBenchmark(root, tasks);
        return root;
    }

    private List<SyntheticTask> generateAll(List<TaskGenerator> generators, boolean isBasic) {
        List<SyntheticTask> out = new ArrayList<>(generators.size());
        for (TaskGenerator g : generators) {
            out.add(generate(g, isBasic));
        }
        return List.copyOf(out);
    }

    private SyntheticTask generate(TaskGenerator g, boolean isBasic) {
        // Separate streams: demonstrations do not shift the instances, and vice versa.
        Random exampleRandom = new Random(taskSeed(g.name() + "#examples"));
        Random instanceRandom = new Random(taskSeed(g.name()));
        Set<String> seen = new HashSet<>();
        List<Example> positive = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            TaskInstance p = distinct(g, exampleRandom, seen);
            positive.add(new Example(p.input(), p.outputs().get(0), "\"" + p.outputs().get(0)
                    + "\" is the correct answer for \"" + p.input() + "\"."));
        }
        List<Example> negative = new ArrayList<>();
        TaskInstance n = distinct(g, exampleRandom, seen);
        String wrong = wrongAnswer(g, exampleRandom, n);
        if (wrong != null) {
            negative.add(new Example(n.input(), wrong, "\"" + wrong + "\" is wrong; the answer is \""
                    + n.outputs().get(0) + "\"."));
        }
        List<Instance> instances = new ArrayList<>(instancesPerTask);
        for (int i = 0; i < instancesPerTask; i++) {
            TaskInstance t = distinct(g, instanceRandom, seen);
            instances.add(new Instance(g.name() + "-" + i, t.input(), t.outputs()));
        }
        int split = instancesPerTask - testInstancesPerTask;
        return new SyntheticTask(g.name(), g.definition(), g.category(), g.kind(), g.abilities(), isBasic,
                positive, negative, instances.subList(0, split), instances.subList(split, instancesPerTask));
    }

    private TaskInstance distinct(TaskGenerator g, Random random, Set<String> seen) {
        for (int attempt = 0; attempt < TRIES_PER_INSTANCE; attempt++) {
            TaskInstance t = g.instance(random);
            if (seen.add(t.input())) {
                return t;
            }
        }
        throw new IllegalStateException("task " + g.name() + ": could not draw a new distinct input after "
                + TRIES_PER_INSTANCE + " tries (" + seen.size() + " drawn); ask for fewer instances per task");
    }

    /** An answer of another draw that is not acceptable for {@code t}, or null when none turns up. */
    private static String wrongAnswer(TaskGenerator g, Random random, TaskInstance t) {
        for (int attempt = 0; attempt < TRIES_PER_INSTANCE; attempt++) {
            String candidate = g.instance(random).outputs().get(0);
            if (!t.outputs().contains(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private long taskSeed(String key) {
        // SplitMix64 finalizer over (seed, String.hashCode): hashCode is fixed by the Java spec, so seeds are
        // stable across JVMs, and mixing keeps nearby seeds from giving correlated streams.
        long z = seed * 0x9E3779B97F4A7C15L + key.hashCode();
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Builds a {@link SyntheticSuite}; every setting is optional. */
    public static final class Builder {

        private long seed;
        private int instancesPerTask = 200;
        private int testInstancesPerTask = 20;

        Builder() {}

        /**
         * Sets the seed.
         *
         * @param seed the seed (default 0)
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Sets how many instances each task has, training and test together.
         *
         * @param n the count (default 200); at most 2000, since some tasks have few distinct inputs
         * @return this builder
         */
        public Builder optInstancesPerTask(int n) {
            if (n < 2 || n > 2000) {
                throw new IllegalArgumentException("instancesPerTask must be in [2, 2000], got " + n);
            }
            this.instancesPerTask = n;
            return this;
        }

        /**
         * Sets how many of each task's instances are test instances (the last ones drawn).
         *
         * @param n the count (default 20); must leave at least one training instance
         * @return this builder
         */
        public Builder optTestInstancesPerTask(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("testInstancesPerTask must be at least 1, got " + n);
            }
            this.testInstancesPerTask = n;
            return this;
        }

        /**
         * Generates the suite.
         *
         * @return the suite
         * @throws IllegalArgumentException when the test instances leave no training instance
         */
        public SyntheticSuite build() {
            if (testInstancesPerTask >= instancesPerTask) {
                throw new IllegalArgumentException("testInstancesPerTask (" + testInstancesPerTask
                        + ") must be smaller than instancesPerTask (" + instancesPerTask + ")");
            }
            return new SyntheticSuite(this);
        }
    }
}
