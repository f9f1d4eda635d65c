package org.badit.lora.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The weights of a Hugging Face checkpoint: one {@code model.safetensors}, or shards listed by
 * {@code model.safetensors.index.json}. Shards are opened (and validated) lazily, when a tensor in them is first read.
 *
 * <p>Pickle checkpoints ({@code pytorch_model.bin}, {@code *.pt}, {@code *.pth}, {@code *.ckpt}) are refused: unpickling
 * runs arbitrary code from the file.
 */
public final class SafetensorsCheckpoint implements AutoCloseable {

    /** The index of a sharded checkpoint. */
    public static final String INDEX_FILE = "model.safetensors.index.json";
    /** The single-file checkpoint. */
    public static final String SINGLE_FILE = "model.safetensors";

    private final Path source;
    private final Map<String, Path> fileOfTensor;
    private final Map<Path, SafetensorsFile> open = new LinkedHashMap<>();

    private SafetensorsCheckpoint(Path source, Map<String, Path> fileOfTensor) {
        this.source = source;
        this.fileOfTensor = fileOfTensor;
    }

    /**
     * Opens a checkpoint directory (or a single {@code .safetensors} file).
     *
     * @param path a checkpoint directory or a safetensors file
     * @return the checkpoint
     * @throws SafetensorsException when there are no safetensors weights, only pickle ones, or the index is malformed
     */
    public static SafetensorsCheckpoint open(Path path) {
        if (Files.isRegularFile(path)) {
            refusePickle(path);
            SafetensorsFile file = SafetensorsFile.open(path);
            Map<String, Path> map = new LinkedHashMap<>();
            file.names().forEach(n -> map.put(n, path));
            SafetensorsCheckpoint c = new SafetensorsCheckpoint(path, Collections.unmodifiableMap(map));
            c.open.put(path, file);
            return c;
        }
        if (!Files.isDirectory(path)) {
            throw new SafetensorsException(path, "no such checkpoint directory or file");
        }
        Path index = path.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return new SafetensorsCheckpoint(index, parseIndex(path, index));
        }
        Path single = path.resolve(SINGLE_FILE);
        if (Files.isRegularFile(single)) {
            return open(single);
        }
        List<String> pickles = pickleFiles(path);
        if (!pickles.isEmpty()) {
            throw new SafetensorsException(path, "only pickle weights found " + pickles + "; BADIT-J never loads "
                    + "pickle checkpoints because unpickling can execute arbitrary code. Convert them to safetensors "
                    + "(e.g. save_pretrained(..., safe_serialization=True) in transformers)");
        }
        throw new SafetensorsException(path, "no " + SINGLE_FILE + " or " + INDEX_FILE + " found");
    }

    private static Map<String, Path> parseIndex(Path dir, Path index) {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(Files.readString(index, StandardCharsets.UTF_8));
            if (!parsed.isJsonObject()) {
                throw new SafetensorsException(index, "not a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (IOException | JsonParseException e) {
            throw new SafetensorsException(index, "cannot parse: " + e.getMessage(), e);
        }
        JsonElement weightMap = root.get("weight_map");
        if (weightMap == null || !weightMap.isJsonObject()) {
            throw new SafetensorsException(index, "missing object field \"weight_map\"");
        }
        Map<String, Path> map = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : weightMap.getAsJsonObject().entrySet()) {
            if (!e.getValue().isJsonPrimitive()) {
                throw new SafetensorsException(index, "field \"weight_map." + e.getKey() + "\" must be a file name");
            }
            String shard = e.getValue().getAsString();
            Path file = dir.resolve(shard).normalize();
            if (!file.startsWith(dir.normalize()) || shard.contains("/") || shard.contains("\\")) {
                throw new SafetensorsException(index, "field \"weight_map." + e.getKey() + "\" names a file outside "
                        + "the checkpoint directory: " + shard);
            }
            refusePickle(file);
            if (!Files.isRegularFile(file)) {
                throw new SafetensorsException(index, "shard '" + shard + "' of tensor '" + e.getKey()
                        + "' does not exist");
            }
            map.put(e.getKey(), file);
        }
        return Collections.unmodifiableMap(map);
    }

    private static void refusePickle(Path file) {
        String name = file.getFileName().toString();
        if (name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".ckpt")
                || name.endsWith(".pkl")) {
            throw new SafetensorsException(file, "refusing to load a pickle file: unpickling can execute arbitrary "
                    + "code. Use the safetensors weights of this checkpoint.");
        }
    }

    private static List<String> pickleFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            List<String> out = new ArrayList<>();
            files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".bin") || n.endsWith(".pt") || n.endsWith(".pth") || n.endsWith(".ckpt"))
                    .sorted()
                    .forEach(out::add);
            return out;
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * Returns every tensor name of the checkpoint.
     *
     * @return the names, in index (or header) order
     */
    public Set<String> names() {
        return fileOfTensor.keySet();
    }

    /**
     * Returns whether the checkpoint holds a tensor.
     *
     * @param name the tensor's name
     * @return true if present
     */
    public boolean contains(String name) {
        return fileOfTensor.containsKey(name);
    }

    /**
     * Returns a tensor's header entry.
     *
     * @param name the tensor's name
     * @return the entry
     */
    public TensorInfo info(String name) {
        return file(name).info(name);
    }

    /**
     * Reads a tensor converted to a type.
     *
     * @param name the tensor's name
     * @param manager the manager (and device) of the result
     * @param type the element type (never bfloat16)
     * @return the tensor
     * @throws SafetensorsException when the tensor is missing or its file is malformed
     */
    public NDArray load(String name, NDManager manager, DataType type) {
        return file(name).load(name, manager, type);
    }

    private synchronized SafetensorsFile file(String name) {
        Path file = fileOfTensor.get(name);
        if (file == null) {
            throw new SafetensorsException(source, "missing tensor '" + name + "'");
        }
        SafetensorsFile f = open.get(file);
        if (f == null) {
            f = SafetensorsFile.open(file);
            if (!f.names().contains(name)) {
                f.close();
                throw new SafetensorsException(file, "missing tensor '" + name + "' (the index " + source
                        + " places it in this shard)");
            }
            open.put(file, f);
        }
        return f;
    }

    /** {@inheritDoc} */
    @Override
    public synchronized void close() {
        open.values().forEach(SafetensorsFile::close);
        open.clear();
    }
}
