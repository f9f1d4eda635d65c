package org.badit.superni.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.badit.superni.Instance;
import org.badit.superni.SuperNiTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads SuperNI tasks from either layout ({@link Layout}), with instance caps, seeded sampling and task / category
 * filters.
 *
 * <pre>{@code
 * List<SuperNiTask> test = SuperNiLoader.builder()
 *         .setRoot(Path.of("natural-instructions"))
 *         .optSplit(Split.TEST)
 *         .optMaxInstances(100) // the official evaluation instances are the first 100
 *         .build()
 *         .load();
 * }</pre>
 *
 * <p>Original layout: the tasks named in {@code splits/<track>/<split>_tasks.txt}, in that order, read from
 * {@code tasks/<name>.json}. CL layout: every task folder (sorted by name) holding {@code <split>.json}.
 *
 * <p>Instance selection: without a seed, the first {@code maxInstances} instances in file order (the official test
 * protocol); with a seed, a {@link Random}-seeded shuffle, then the first {@code maxInstances} (reproducible in Java;
 * not the same draw as Python's {@code random}).
 */
public final class SuperNiLoader {

    private static final Logger logger = LoggerFactory.getLogger(SuperNiLoader.class);

    private final Path root;
    private final Layout layout;
    private final String track;
    private final Split split;
    private final int maxInstances;
    private final Long seed;
    private final Set<String> tasks;
    private final Set<String> categories;
    private final boolean skipMissingTasks;

    private SuperNiLoader(Builder b) {
        this.root = b.root;
        this.layout = b.layout != null ? b.layout : Layout.detect(b.root);
        this.track = b.track;
        this.split = b.split;
        this.maxInstances = b.maxInstances;
        this.seed = b.seed;
        this.tasks = b.tasks;
        this.categories = b.categories;
        this.skipMissingTasks = b.skipMissingTasks;
    }

    /**
     * Creates a builder.
     *
     * @return a builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The layout in use (given, or detected).
     *
     * @return the layout
     */
    public Layout layout() {
        return layout;
    }

    /**
     * Loads the selected tasks.
     *
     * @return the tasks, in split-file order (original layout) or by name (CL layout)
     * @throws IOException when a file cannot be read
     * @throws SuperNiFormatException when a file is malformed or a listed task is missing (unless skipped)
     */
    public List<SuperNiTask> load() throws IOException {
        List<SuperNiTask> out = new ArrayList<>();
        if (layout == Layout.NATURAL_INSTRUCTIONS) {
            List<String> missing = new ArrayList<>();
            for (String name : readSplit()) {
                if (tasks != null && !tasks.contains(name)) {
                    continue;
                }
                Path file = root.resolve("tasks").resolve(name + ".json");
                if (!Files.isRegularFile(file)) {
                    missing.add(name);
                    continue;
                }
                add(out, TaskFileParser.parse(file));
            }
            if (!missing.isEmpty()) {
                String message = missing.size() + " task(s) listed in " + splitFile() + " have no file in "
                        + root.resolve("tasks") + ", e.g. " + missing.get(0);
                if (!skipMissingTasks) {
                    throw new SuperNiFormatException(message + " (optSkipMissingTasks(true) to skip them)");
                }
                logger.warn("{}: skipped", message);
            }
        } else {
            if (split == Split.EXCLUDED) {
                throw new IllegalArgumentException("the CL-benchmark layout has no excluded split");
            }
            List<Path> dirs;
            try (Stream<Path> children = Files.list(root)) {
                dirs = children.filter(Files::isDirectory).sorted().toList();
            }
            for (Path dir : dirs) {
                String name = dir.getFileName().toString();
                Path file = dir.resolve(split.key() + ".json");
                if ((tasks != null && !tasks.contains(name)) || !Files.isRegularFile(file)) {
                    continue;
                }
                add(out, TaskFileParser.parse(file, name, file.toString()));
            }
        }
        return out;
    }

    private void add(List<SuperNiTask> out, SuperNiTask task) {
        if (categories != null && !categories.contains(task.category())
                && !categories.contains(task.categoryKey())) {
            return;
        }
        out.add(task.withInstances(select(task.instances())));
    }

    private List<Instance> select(List<Instance> instances) {
        List<Instance> chosen = instances;
        if (seed != null) {
            chosen = new ArrayList<>(instances);
            Collections.shuffle(chosen, new Random(seed));
        }
        return chosen.size() > maxInstances ? chosen.subList(0, maxInstances) : chosen;
    }

    private Path splitFile() {
        return root.resolve("splits").resolve(track).resolve(split.key() + "_tasks.txt");
    }

    private List<String> readSplit() throws IOException {
        Path file = splitFile();
        if (!Files.isRegularFile(file)) {
            throw new SuperNiFormatException(file + ": split list not found (track \"" + track + "\", split \""
                    + split.key() + "\")");
        }
        List<String> names = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new SuperNiFormatException(file + ": not UTF-8 text", e);
        }
        for (int i = 0; i < lines.size(); i++) {
            String name = lines.get(i).strip();
            if (!name.isEmpty()) {
                if (!name.matches("[^./\\\\\\p{Cntrl}][^/\\\\\\p{Cntrl}]{0,199}")) {
                    throw new SuperNiFormatException(file + " line " + (i + 1) + ": task name '" + name
                            + "' is not a plain file name (no path separators, control characters or leading dot)");
                }
                names.add(name);
            }
        }
        return names;
    }

    /** Builds a {@link SuperNiLoader}. */
    public static final class Builder {
        private Path root;
        private Layout layout;
        private String track = "default";
        private Split split = Split.TEST;
        private int maxInstances = Integer.MAX_VALUE;
        private Long seed;
        private Set<String> tasks;
        private Set<String> categories;
        private boolean skipMissingTasks;

        Builder() {}

        /**
         * Sets the data folder (required).
         *
         * @param root the folder holding {@code tasks/} + {@code splits/}, or the task folders of the CL layout
         * @return this builder
         */
        public Builder setRoot(Path root) {
            this.root = root;
            return this;
        }

        /**
         * Forces a layout instead of detecting it.
         *
         * @param layout the layout
         * @return this builder
         */
        public Builder optLayout(Layout layout) {
            this.layout = layout;
            return this;
        }

        /**
         * Sets the track of the split lists (original layout; default {@code default}).
         *
         * @param track {@code default} or {@code xlingual}
         * @return this builder
         */
        public Builder optTrack(String track) {
            this.track = track;
            return this;
        }

        /**
         * Sets the split (default {@link Split#TEST}).
         *
         * @param split the split
         * @return this builder
         */
        public Builder optSplit(Split split) {
            this.split = split;
            return this;
        }

        /**
         * Caps the instances per task (default: all; the official test protocol uses the first 100).
         *
         * @param maxInstances the cap, at least 0
         * @return this builder
         */
        public Builder optMaxInstances(int maxInstances) {
            if (maxInstances < 0) {
                throw new IllegalArgumentException("maxInstances must be >= 0, got " + maxInstances);
            }
            this.maxInstances = maxInstances;
            return this;
        }

        /**
         * Samples instances with a seeded shuffle before the cap (default: file order).
         *
         * @param seed the seed
         * @return this builder
         */
        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /**
         * Keeps only these task names.
         *
         * @param names task names
         * @return this builder
         */
        public Builder optTasks(Set<String> names) {
            this.tasks = Set.copyOf(names);
            return this;
        }

        /**
         * Keeps only tasks whose first category is one of these (as written, or as the official key).
         *
         * @param names e.g. {@code Textual Entailment} or {@code textual_entailment}
         * @return this builder
         */
        public Builder optCategories(Set<String> names) {
            this.categories = Set.copyOf(names);
            return this;
        }

        /**
         * Skips, with a warning, tasks listed in the split but absent from {@code tasks/} (default: error). Useful
         * on partial copies such as the project's sample.
         *
         * @param skip whether to skip missing tasks
         * @return this builder
         */
        public Builder optSkipMissingTasks(boolean skip) {
            this.skipMissingTasks = skip;
            return this;
        }

        /**
         * Builds the loader.
         *
         * @return the loader
         * @throws IllegalArgumentException when no root was set
         */
        public SuperNiLoader build() {
            if (root == null) {
                throw new IllegalArgumentException("setRoot(...) is required");
            }
            return new SuperNiLoader(this);
        }
    }
}
