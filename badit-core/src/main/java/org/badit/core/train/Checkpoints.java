package org.badit.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonElement;
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
import org.badit.core.model.ModelFormatException;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.io.SafetensorsException;
import org.badit.lora.io.SafetensorsFile;
import org.badit.lora.io.SafetensorsWriter;
import org.badit.lora.io.TensorInfo;

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
    /** dog.safetensors: pending hand-offs are {@code handoff.routing.<layer path>} and {@code handoff.left.<layer path>}. */
    private static final String HANDOFF_PREFIX = "handoff.";
    /** dog.safetensors: the steps since the last hand-off began, int32 [1]. */
    private static final String HANDOFF_STEPS = "handoff_steps_since_move";
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
            Map<String, NDArray> handOffs = dog.handOffState();
            handOffs.forEach((layer, m) -> d.add(HANDOFF_PREFIX + layer, m));
            try (NDManager scope = NDManager.newBaseManager()) {
                if (!handOffs.isEmpty()) {
                    d.add(HANDOFF_STEPS, scope.create(new int[] {dog.stepsSinceMove()}));
                }
                d.write(dir.resolve("dog.safetensors"));
            }
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
                throw new ModelFormatException(pointer, "not a checkpoint name: '" + abbreviate(name) + "'");
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
     * @throws ModelFormatException naming the file when it is missing, malformed or incomplete
     */
    public static State readState(Path dir) {
        Path stateFile = dir.resolve("state.json");
        try {
            JsonElement root = JsonParser.parseString(Files.readString(stateFile));
            if (!root.isJsonObject()) {
                throw new ModelFormatException(stateFile, "unreadable checkpoint state: not a JSON object");
            }
            // Field by field, exactly: Gson's int adapter reads 1e308 as 0 (the low bits of its BigDecimal).
            com.google.gson.JsonObject o = root.getAsJsonObject();
            int step = (int) count(stateFile, o, "step", Integer.MAX_VALUE);
            long optimizerSteps = count(stateFile, o, "optimizerSteps", Long.MAX_VALUE);
            int regroups = (int) count(stateFile, o, "regroups", Integer.MAX_VALUE);
            JsonElement fingerprint = o.get("fingerprint");
            if (fingerprint == null || !fingerprint.isJsonPrimitive()) {
                throw new ModelFormatException(stateFile, "unreadable checkpoint state: missing 'fingerprint'");
            }
            return new State(step, optimizerSteps, regroups, fingerprint.getAsString());
        } catch (ModelFormatException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ModelFormatException(stateFile, "unreadable checkpoint state: " + e.getMessage(), e);
        }
    }


    /** A non-negative integer field of state.json (0 when absent, as written before the field existed). */
    private static long count(Path file, com.google.gson.JsonObject o, String field, long max) {
        JsonElement e = o.get(field);
        if (e == null || e.isJsonNull()) {
            throw new ModelFormatException(file, "unreadable checkpoint state: missing '" + field + "'");
        }
        long v;
        try {
            v = e.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
        } catch (RuntimeException notAnInteger) {
            v = -1;
        }
        if (v < 0 || v > max) {
            throw new ModelFormatException(file, "field \"" + field + "\" must be an integer in [0, " + max + "], got "
                    + e);
        }
        return v;
    }

    /** Checked before loading, so nothing is allocated for a tensor that does not fit. */
    private static void checkLike(SafetensorsFile f, String name, NDArray like) {
        TensorInfo info = f.info(name);
        if (!info.dtype().isFloat()) {
            throw new ModelFormatException(f.path(), "tensor '" + name + "' has dtype " + info.dtype()
                    + "; expected a floating-point type");
        }
        if (!info.shape().equals(like.getShape())) {
            throw new ModelFormatException(f.path(), "tensor '" + name + "' has shape " + info.shape()
                    + ", the model expects " + like.getShape());
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
     * @throws ModelFormatException naming the file and the field or tensor when {@code state.json} is unreadable or
     *     a parameter or moment has another shape or a non-floating-point type than the model's
     * @throws SafetensorsException when a safetensors file is missing, corrupt or lacks a tensor
     */
    public static State restore(Path dir, Map<String, Parameter> params, AdamW optimizer, Dog dog,
            NDManager manager) {
        State state = readState(dir);
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("params.safetensors"))) {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                NDArray target = e.getValue().getArray();
                checkLike(f, e.getKey(), target);
                try (NDArray value = f.load(e.getKey(), manager, target.getDataType())) {
                    target.set(new NDIndex("..."), value.toDevice(target.getDevice(), false));
                }
            }
        }
        Map<String, AdamW.Moments> moments = new LinkedHashMap<>();
        try (SafetensorsFile f = SafetensorsFile.open(dir.resolve("optimizer.safetensors"))) {
            for (Map.Entry<String, Parameter> e : params.entrySet()) {
                String name = e.getKey();
                NDArray weight = e.getValue().getArray();
                if (f.names().contains(name + ".m")) {
                    checkLike(f, name + ".m", weight);
                    checkLike(f, name + ".v", weight);
                    moments.put(name, new AdamW.Moments(f.load(name + ".m", manager, weight.getDataType()),
                            f.load(name + ".v", manager, weight.getDataType())));
                }
            }
        }
        optimizer.restore(state.optimizerSteps(), moments);
        if (dog != null) {
            List<NDArray> emas = new ArrayList<>();
            Map<String, NDArray> handOffs = new LinkedHashMap<>();
            int handOffSteps = 0;
            Path file = dir.resolve("dog.safetensors");
            try (SafetensorsFile f = SafetensorsFile.open(file)) {
                for (int i = 0; i < dog.emaState().size(); i++) {
                    emas.add(f.names().contains("ema." + i) ? f.load("ema." + i, manager) : null);
                }
                for (String name : f.names()) {
                    if (name.startsWith(HANDOFF_PREFIX)) {
                        handOffs.put(name.substring(HANDOFF_PREFIX.length()), f.load(name, manager));
                    }
                }
                if (!handOffs.isEmpty()) {
                    if (!f.names().contains(HANDOFF_STEPS)) {
                        throw new ModelFormatException(file, "hand-off routing without \"" + HANDOFF_STEPS + "\"");
                    }
                    try (NDArray steps = f.load(HANDOFF_STEPS, manager)) {
                        handOffSteps = steps.toType(DataType.INT32, false).toIntArray()[0];
                    }
                }
            }
            dog.restore(emas, state.regroups());
            try {
                dog.restoreHandOffs(handOffs, handOffSteps);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException(file, e.getMessage(), e);
            }
        }
        return state;
    }
}
