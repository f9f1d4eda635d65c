package org.badit.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.badit.core.expert.Dog;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.io.SafetensorsFile;
import org.badit.lora.io.SafetensorsWriter;

/**
 * Training checkpoints that survive {@code kill -9}: each lives in its own {@code checkpoints/step-NNNNNNNN}
 * directory whose files are written atomically, and only then does the {@code checkpoints/latest} pointer (itself
 * replaced atomically) move to it. A run killed while writing leaves the previous checkpoint as the latest.
 *
 * <p>Contents: {@code params.safetensors} (trainable parameters by name), {@code optimizer.safetensors}
 * ({@code <name>.m}, {@code <name>.v}), {@code dog.safetensors} ({@code ema.<group>}, BADIT only) and
 * {@code state.json} (step, optimizer step count, DOG regroups). Data order and dropout are functions of the seed and
 * the step, so no RNG state needs saving.
 */
public final class Checkpoints {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    private static final String LATEST = "latest";
    private static final int KEEP = 2;

    private Checkpoints() {}

    /**
     * A checkpoint's scalar state.
     *
     * @param step the global optimizer step reached
     * @param optimizerSteps AdamW's step count
     * @param regroups DOG's regroup count
     * @param fingerprint the configuration the run was started with (resume refuses a different one)
     */
    public record State(int step, long optimizerSteps, int regroups, String fingerprint) {}

    /**
     * Writes a checkpoint and moves the {@code latest} pointer to it.
     *
     * @param runDir the run's output directory
     * @param state the scalar state
     * @param params trainable parameters by name
     * @param optimizer the optimizer
     * @param dog DOG or null
     * @return the checkpoint directory
     */
    public static Path save(Path runDir, State state, Map<String, Parameter> params, AdamW optimizer, Dog dog) {
        try {
            return write(runDir, state, params, optimizer, dog);
        } catch (UncheckedIOException e) {
            // Disk full or a size limit mid-checkpoint: the pointer has not moved, so say which one is still whole.
            Path last = latest(runDir);
            throw new UncheckedIOException(e.getMessage() + "; the checkpoint of step " + state.step()
                    + " is incomplete, the latest complete one is " + (last == null ? "none" : last), e.getCause());
        }
    }

    private static Path write(Path runDir, State state, Map<String, Parameter> params, AdamW optimizer, Dog dog) {
        Path root = runDir.resolve("checkpoints");
        Path dir = root.resolve(String.format("step-%08d", state.step()));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        SafetensorsWriter p = SafetensorsWriter.builder().build();
        params.forEach((name, param) -> p.add(name, param.getArray()));
        p.write(dir.resolve("params.safetensors"));
        SafetensorsWriter o = SafetensorsWriter.builder().build();
        optimizer.allMoments().forEach((name, m) -> o.add(name + ".m", m.first()).add(name + ".v", m.second()));
        o.write(dir.resolve("optimizer.safetensors"));
        if (dog != null) {
            SafetensorsWriter d = SafetensorsWriter.builder().build();
            List<NDArray> emas = dog.emaState();
            for (int i = 0; i < emas.size(); i++) {
                if (emas.get(i) != null) {
                    d.add("ema." + i, emas.get(i));
                }
            }
            d.write(dir.resolve("dog.safetensors"));
        }
        AtomicFiles.writeString(dir.resolve("state.json"), GSON.toJson(state));
        AtomicFiles.writeString(root.resolve(LATEST), dir.getFileName().toString() + "\n");
        prune(root, dir);
        return dir;
    }

    /**
     * Deletes the temporary files a killed write left behind ({@code .<name>.<random>.tmp}, see {@link AtomicFiles})
     * in the checkpoints folder and its checkpoint directories. Call it only while holding the run directory.
     *
     * @param runDir the run's output directory
     * @return how many were deleted
     */
    public static int removeStaleTemporaries(Path runDir) {
        Path root = runDir.resolve("checkpoints");
        if (!Files.isDirectory(root)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> paths = Files.walk(root, 2)) {
            for (Path p : paths.filter(AtomicFiles::isTemporary).toList()) {
                removed += Files.deleteIfExists(p) ? 1 : 0;
            }
        } catch (IOException e) {
            // Housekeeping only: a leftover temporary file is never read.
        }
        return removed;
    }

    private static void prune(Path root, Path keep) {
        try (Stream<Path> dirs = Files.list(root)) {
            List<Path> old = dirs.filter(d -> Files.isDirectory(d) && d.getFileName().toString().startsWith("step-"))
                    .sorted(Comparator.reverseOrder()).skip(KEEP).toList();
            for (Path d : old) {
                if (!d.equals(keep)) {
                    try (Stream<Path> files = Files.list(d)) {
                        for (Path f : files.toList()) {
                            Files.deleteIfExists(f);
                        }
                    }
                    Files.deleteIfExists(d);
                }
            }
        } catch (IOException e) {
            // Pruning is housekeeping: a leftover old checkpoint is harmless.
        }
    }

    /**
     * Finds the latest complete checkpoint.
     *
     * @param runDir the run's output directory
     * @return its directory, or null when there is none
     */
    public static Path latest(Path runDir) {
        Path pointer = runDir.resolve("checkpoints").resolve(LATEST);
        if (!Files.isRegularFile(pointer)) {
            return null;
        }
        try {
            String name = Files.readString(pointer, StandardCharsets.UTF_8).trim();
            if (!name.matches("step-[0-9]{8}")) {
                // Only a checkpoint directory beside the pointer, never a path it could smuggle in ("../..").
                throw new IllegalStateException(pointer + ": not a checkpoint name: '" + abbreviate(name) + "'");
            }
            Path dir = pointer.getParent().resolve(name);
            return Files.isRegularFile(dir.resolve("state.json")) ? dir : null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + pointer, e);
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    /**
     * Returns the step of the latest complete checkpoint.
     *
     * @param runDir the run's output directory
     * @return the step, or 0 when there is no checkpoint
     */
    public static int latestStep(Path runDir) {
        Path dir = latest(runDir);
        if (dir == null) {
            return 0;
        }
        return readState(dir).step();
    }

    /**
     * Reads a checkpoint's scalar state.
     *
     * @param dir the checkpoint directory
     * @return the state
     * @throws IllegalStateException naming the file when it is missing, malformed or incomplete
     */
    public static State readState(Path dir) {
        Path file = dir.resolve("state.json");
        try {
            JsonObject o = JsonParser.parseString(Files.readString(file)).getAsJsonObject();
            for (String key : List.of("step", "optimizerSteps", "regroups", "fingerprint")) {
                if (!o.has(key) || o.get(key).isJsonNull()) {
                    throw new IllegalStateException("missing '" + key + "'");
                }
            }
            State state = GSON.fromJson(o, State.class);
            if (state.step() < 0 || state.optimizerSteps() < 0 || state.regroups() < 0) {
                throw new IllegalStateException("negative 'step', 'optimizerSteps' or 'regroups'");
            }
            return state;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + ": unreadable checkpoint state: " + e.getMessage(), e);
        }
    }

    /**
     * Restores parameters, optimizer and DOG from a checkpoint.
     *
     * @param dir the checkpoint directory
     * @param params trainable parameters by name (overwritten in place)
     * @param optimizer the optimizer (its moments replaced)
     * @param dog DOG or null
     * @param manager the training device's manager
     * @return the scalar state
     */
    public static State restore(Path dir, Map<String, Parameter> params, AdamW optimizer, Dog dog,
            NDManager manager) {
        State state = readState(dir);
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("params.safetensors"))) {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray target = e.getValue().getArray();
                try (NDArray value = f.load(e.getKey(), manager, target.getDataType())) {
                    if (!value.getShape().equals(target.getShape())) {
                        throw new IllegalStateException(f.path() + ": tensor '" + e.getKey() + "' has shape "
                                + value.getShape() + ", the model expects " + target.getShape());
                    }
                    target.set(new NDIndex("..."), value.toDevice(target.getDevice(), false));
                }
            }
        }
        Map<String, AdamW.Moments> moments = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("optimizer.safetensors"))) {
            for (String name : params.keySet()) {
                if (f.names().contains(name + ".m")) {
                    NDArray m = f.load(name + ".m", manager);
                    NDArray v = f.load(name + ".v", manager);
                    if (!m.getShape().equals(params.get(name).getArray().getShape())
                            || !v.getShape().equals(m.getShape())) {
                        throw new IllegalStateException(f.path() + ": moments of '" + name + "' have shapes "
                                + m.getShape() + " / " + v.getShape() + ", the parameter has "
                                + params.get(name).getArray().getShape());
                    }
                    moments.put(name, new AdamW.Moments(m, v));
                }
            }
        }
        optimizer.restore(state.optimizerSteps(), moments);
        if (dog != null) {
            List<NDArray> emas = new ArrayList<>();
            Path file = dir.resolve("dog.safetensors");
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                for (int i = 0; i < dog.emaState().size(); i++) {
                    emas.add(f.names().contains("ema." + i) ? f.load("ema." + i, manager) : null);
                }
            }
            dog.restore(emas, state.regroups());
        }
        return state;
    }
}
