package org.badit.core.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.badit.lora.io.AtomicFiles;
import org.badit.lora.io.SafetensorsCheckpoint;
import org.badit.lora.io.SafetensorsWriter;
import org.badit.lora.io.TensorInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes Hugging Face model directories.
 *
 * <p>Loading streams: each parameter's initializer reads its tensor from the memory-mapped safetensors when DJL
 * allocates it, so at most one tensor is in flight besides the model itself — never two copies of the weights.
 * Every tensor is checked before anything is allocated (present, shape as the config implies).
 */
final class ModelLoader {

    private static final Logger LOG = LoggerFactory.getLogger(ModelLoader.class);

    private ModelLoader() {}

    static DecoderLM load(Path dir, NDManager manager, DataType dataType) {
        boolean gpu = manager.getDevice().isGpu();
        if (dataType == DataType.BFLOAT16 && !gpu) {
            throw new IllegalArgumentException("BFLOAT16 weights need a GPU: bfloat16 arrays abort DJL 0.35.1's "
                    + "PyTorch engine on CPU. Use FLOAT32 (BF16 checkpoints are widened when read) or FLOAT16");
        }
        if (dataType != DataType.FLOAT32 && dataType != DataType.FLOAT16 && dataType != DataType.BFLOAT16) {
            throw new IllegalArgumentException("weights must be FLOAT32, FLOAT16 or BFLOAT16, got " + dataType);
        }
        if (dataType == DataType.BFLOAT16) {
            LOG.warn("BFLOAT16 weights: untested path (no GPU in CI); compare logits with FLOAT32 before relying on it");
        }
        if (!Files.isDirectory(dir)) {
            String name = dir.getFileName() == null ? "" : dir.getFileName().toString();
            if (name.endsWith(".bin") || name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".ckpt")) {
                throw new ModelFormatException(dir, "refusing to load a pickle checkpoint: unpickling can execute "
                        + "arbitrary code. Give the directory of a safetensors checkpoint instead.");
            }
            throw new ModelFormatException(dir, "not a model directory (expected config.json and *.safetensors)");
        }
        ModelConfig config = ModelConfig.read(dir);
        DecoderLM lm = new DecoderLM(config);
        Path weights = Files.isRegularFile(dir.resolve(SafetensorsCheckpoint.INDEX_FILE))
                ? dir.resolve(SafetensorsCheckpoint.INDEX_FILE) : dir.resolve(SafetensorsCheckpoint.SINGLE_FILE);
        try (SafetensorsCheckpoint checkpoint = SafetensorsCheckpoint.open(dir)) {
            Map<String, Parameter> params = lm.namedParameters();
            Map<String, Shape> expected = ExpectedShapes.of(config);
            List<String> missing = new ArrayList<>();
            for (String name : params.keySet()) {
                if (!checkpoint.contains(name)) {
                    missing.add(name);
                    continue;
                }
                TensorInfo info = checkpoint.info(name);
                Shape want = expected.get(name);
                if (want != null && !info.shape().equals(want)) {
                    throw new ModelFormatException(weights, "tensor '" + name + "' has shape " + info.shape()
                            + " but config.json (" + config.family().modelType() + ", hidden_size "
                            + config.hiddenSize() + ", heads " + config.numHeads() + "/" + config.numKvHeads()
                            + ", head_dim " + config.headDim() + ") implies " + want);
                }
            }
            if (!missing.isEmpty()) {
                throw new ModelFormatException(weights, "missing tensor" + (missing.size() > 1 ? "s " : " ")
                        + abbreviate(missing) + " required by config.json (" + config.family().modelType() + ")");
            }
            Set<String> unused = new TreeSet<>(checkpoint.names());
            unused.removeAll(params.keySet());
            unused.removeIf(n -> n.endsWith("rotary_emb.inv_freq") || (config.tieWordEmbeddings()
                    && n.equals("lm_head.weight")));
            if (!unused.isEmpty()) {
                LOG.warn("{}: ignoring {} tensors the architecture does not use: {}", weights, unused.size(),
                        abbreviate(new ArrayList<>(unused)));
            }
            params.forEach((name, p) -> p.setInitializer((m, shape, type) -> {
                NDArray array = checkpoint.load(name, m, type == DataType.BFLOAT16 ? DataType.FLOAT32 : type);
                if (type == DataType.BFLOAT16) {
                    NDArray wide = array;
                    array = wide.toType(type, false); // on the GPU, one tensor at a time
                    wide.close();
                }
                if (!array.getShape().equals(shape)) {
                    array.close();
                    throw new ModelFormatException(weights, "tensor '" + name + "' has shape " + array.getShape()
                            + ", the block expects " + shape);
                }
                return array;
            }));
            lm.materialize(manager, dataType);
        }
        return lm;
    }

    static void save(DecoderLM lm, Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        SafetensorsWriter writer = SafetensorsWriter.builder().optMetadata(Map.of("format", "pt")).build();
        lm.namedParameters().forEach((name, p) -> writer.add(name, p.getArray()));
        writer.write(dir.resolve(SafetensorsCheckpoint.SINGLE_FILE));
        AtomicFiles.writeString(dir.resolve(ModelConfig.FILE_NAME), lm.config().toJson());
    }

    private static String abbreviate(List<String> names) {
        return names.size() <= 6 ? names.toString()
                : names.subList(0, 6) + " and " + (names.size() - 6) + " more";
    }
}
