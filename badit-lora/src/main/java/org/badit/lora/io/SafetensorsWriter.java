package org.badit.lora.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a {@code .safetensors} file atomically (temporary file, then rename).
 *
 * <p>Tensors are written sorted by name, the header padded with spaces to a multiple of 8 bytes so the data section
 * is aligned. Arrays are copied to the host one at a time while writing.
 *
 * <pre>{@code
 * SafetensorsWriter.builder().optMetadata(Map.of("format", "pt")).build()
 *         .add("lora_A.weight", a).add("lora_B.weight", b).write(path);
 * }</pre>
 */
public final class SafetensorsWriter {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private final Map<String, String> metadata;
    private final Map<String, NDArray> tensors = new TreeMap<>();

    private SafetensorsWriter(Builder builder) {
        this.metadata = builder.metadata;
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
     * Adds a tensor; its values are read when {@link #write(Path)} runs.
     *
     * @param name the tensor's name
     * @param array its values (any device; never bfloat16)
     * @return this writer
     */
    public SafetensorsWriter add(String name, NDArray array) {
        if (tensors.put(name, array) != null) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        if (array.getDataType() == DataType.BFLOAT16) {
            throw new IllegalArgumentException("tensor '" + name + "': bfloat16 arrays are not supported by DJL");
        }
        return this;
    }

    /**
     * Writes every added tensor to a file, atomically.
     *
     * @param file the target file
     */
    public void write(Path file) {
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            header.put("__metadata__", metadata);
        }
        long offset = 0;
        List<NDArray> order = new ArrayList<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            NDArray a = e.getValue();
            TensorDType dtype = TensorDType.of(a.getDataType());
            Shape shape = a.getShape();
            long bytes = shape.size() * dtype.bytes();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("dtype", dtype.name());
            entry.put("shape", shape.getShape());
            entry.put("data_offsets", new long[] {offset, offset + bytes});
            header.put(e.getKey(), entry);
            offset += bytes;
            order.add(a);
        }
        byte[] json = GSON.toJson(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        head.flip();
        AtomicFiles.write(file, channel -> {
            while (head.hasRemaining()) {
                channel.write(head);
            }
            for (NDArray a : order) {
                ByteBuffer data = a.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
                    throw new IllegalStateException("big-endian hosts are not supported");
                }
                while (data.hasRemaining()) {
                    channel.write(data);
                }
            }
        });
    }

    /** Builds a {@link SafetensorsWriter}. */
    public static final class Builder {
        private Map<String, String> metadata = Map.of();

        private Builder() {}

        /**
         * Sets the header's {@code __metadata__} (string to string), written in key order so that the same tensors
         * give the same bytes in every JVM ({@code Map.of} iterates in a per-JVM random order).
         *
         * @param metadata the metadata, e.g. {@code {"format": "pt"}} for PEFT adapters
         * @return this builder
         */
        public Builder optMetadata(Map<String, String> metadata) {
            this.metadata = new java.util.TreeMap<>(metadata);
            return this;
        }

        /**
         * Builds the writer.
         *
         * @return the writer
         */
        public SafetensorsWriter build() {
            return new SafetensorsWriter(this);
        }
    }
}
