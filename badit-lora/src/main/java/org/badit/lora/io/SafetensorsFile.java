package org.badit.lora.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code .safetensors} file, memory-mapped and validated before any tensor is read.
 *
 * <p>Format: an 8-byte little-endian header length N, N bytes of a JSON object
 * ({@code name -> {dtype, shape, data_offsets: [begin, end]}} plus an optional {@code __metadata__} map of strings),
 * then the data section. Validation follows the reference implementation: the header fits in the file, every dtype
 * is known, every tensor's byte length equals product(shape)·dtype size, and the tensors tile the data section exactly
 * (no overlap, no hole, nothing missing at the end: a truncated file is caught here, not by a crash later). Every
 * error names the file and, where one is at fault, the tensor.
 *
 * <p>DJL's own reader maps a whole file into one array with int offsets, so it cannot open shards over 2 GiB; this one
 * maps each tensor's bytes separately. Reading converts in Java (bfloat16 arrays abort DJL) into one fresh direct
 * buffer per tensor, so loading never holds two full copies of the weights.
 */
public final class SafetensorsFile implements AutoCloseable {

    /** The reference implementation's cap on the header size. */
    static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;
    /** Largest chunk converted into one buffer; larger tensors are read in row blocks and concatenated. */
    static final long MAX_CHUNK_BYTES = 64L << 20;

    private final Path path;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;
    /** Reused for every read: the file's bytes of one chunk, and the chunk widened to 32-bit elements. */
    private ByteBuffer rawScratch;
    private ByteBuffer wideScratch;

    private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
            Map<String, String> metadata) {
        this.path = path;
        this.channel = channel;
        this.dataStart = dataStart;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /**
     * Opens and validates a safetensors file.
     *
     * @param path the file
     * @return the open file
     * @throws SafetensorsException when the file is missing, unreadable or malformed
     */
    public static SafetensorsFile open(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new SafetensorsException(path, "no such file");
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            long size = channel.size();
            if (size < 8) {
                throw new SafetensorsException(path, "truncated: " + size
                        + " bytes, but a safetensors file starts with an 8-byte header length");
            }
            ByteBuffer lengthBytes = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, lengthBytes, 0);
            long headerLength = lengthBytes.getLong(0);
            if (headerLength <= 0 || headerLength > size - 8) {
                throw new SafetensorsException(path, "header length " + Long.toUnsignedString(headerLength)
                        + " does not fit in the file of " + size + " bytes (truncated or not a safetensors file)");
            }
            if (headerLength > MAX_HEADER_BYTES) {
                throw new SafetensorsException(path, "header of " + headerLength + " bytes exceeds the limit of "
                        + MAX_HEADER_BYTES);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLength);
            readFully(channel, header, 8);
            String json = new String(header.array(), StandardCharsets.UTF_8);
            long dataStart = 8 + headerLength;
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, TensorInfo> tensors = parseHeader(path, json, size - dataStart, metadata);
            return new SafetensorsFile(path, channel, dataStart, tensors, Collections.unmodifiableMap(metadata));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new SafetensorsException(path, "cannot read: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static Map<String, TensorInfo> parseHeader(Path path, String json, long dataLength,
            Map<String, String> metadataOut) {
        JsonObject root;
        try {
            JsonElement parsed = JsonParser.parseString(json);
            if (!parsed.isJsonObject()) {
                throw new SafetensorsException(path, "header is not a JSON object");
            }
            root = parsed.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new SafetensorsException(path, "header is not valid JSON: " + e.getMessage(), e);
        }
        String duplicate = duplicateTopLevelName(json);
        if (duplicate != null) {
            // JSON parsers keep the last of two equal keys; a file naming a tensor twice is ambiguous, so refuse it.
            throw new SafetensorsException(path, "tensor '" + duplicate + "' appears twice in the header");
        }
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> entry : root.entrySet()) {
            String name = entry.getKey();
            if ("__metadata__".equals(name)) {
                parseMetadata(path, entry.getValue(), metadataOut);
                continue;
            }
            tensors.put(name, parseTensor(path, name, entry.getValue()));
        }
        checkTiling(path, tensors.values(), dataLength);
        return Collections.unmodifiableMap(tensors);
    }

    /** The first top-level key that occurs twice in a JSON object text already known to be valid, or null. */
    private static String duplicateTopLevelName(String json) {
        try (com.google.gson.stream.JsonReader r = new com.google.gson.stream.JsonReader(
                new java.io.StringReader(json))) {
            java.util.Set<String> seen = new java.util.HashSet<>();
            r.beginObject();
            while (r.hasNext()) {
                String name = r.nextName();
                if (!seen.add(name)) {
                    return name;
                }
                r.skipValue();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null; // the full parse above has already accepted the text
        }
    }

    private static void parseMetadata(Path path, JsonElement value, Map<String, String> out) {
        if (!value.isJsonObject()) {
            throw new SafetensorsException(path, "field \"__metadata__\" must be an object of strings");
        }
        for (Map.Entry<String, JsonElement> m : value.getAsJsonObject().entrySet()) {
            JsonElement v = m.getValue();
            if (!v.isJsonPrimitive() || !v.getAsJsonPrimitive().isString()) {
                throw new SafetensorsException(path, "field \"__metadata__." + m.getKey() + "\" must be a string");
            }
            out.put(m.getKey(), v.getAsString());
        }
    }

    private static TensorInfo parseTensor(Path path, String name, JsonElement value) {
        String where = "tensor '" + name + "': ";
        if (!value.isJsonObject()) {
            throw new SafetensorsException(path, where + "header entry is not an object");
        }
        JsonObject o = value.getAsJsonObject();
        JsonElement dtypeJson = o.get("dtype");
        if (dtypeJson == null || !dtypeJson.isJsonPrimitive()) {
            throw new SafetensorsException(path, where + "missing field \"dtype\"");
        }
        TensorDType dtype;
        try {
            dtype = TensorDType.valueOf(dtypeJson.getAsString());
        } catch (IllegalArgumentException e) {
            throw new SafetensorsException(path, where + "unknown or unsupported dtype \"" + dtypeJson.getAsString()
                    + "\" (supported: " + java.util.Arrays.toString(TensorDType.values()) + ")");
        }
        long[] dims = longArray(path, where, o, "shape", -1);
        long[] offsets = longArray(path, where, o, "data_offsets", 2);
        if (offsets[1] < offsets[0]) {
            throw new SafetensorsException(path, where + "data_offsets [" + offsets[0] + ", " + offsets[1]
                    + "] end before they begin");
        }
        long expected;
        try {
            long elements = 1;
            for (long d : dims) {
                elements = Math.multiplyExact(elements, d);
            }
            expected = Math.multiplyExact(elements, dtype.bytes());
        } catch (ArithmeticException overflow) {
            throw new SafetensorsException(path, where + "field \"shape\" " + java.util.Arrays.toString(dims)
                    + " of " + dtype + " has more than 2^63 bytes");
        }
        if (expected != offsets[1] - offsets[0]) {
            throw new SafetensorsException(path, where + "shape " + java.util.Arrays.toString(dims) + " of " + dtype
                    + " needs " + expected + " bytes but data_offsets span " + (offsets[1] - offsets[0]));
        }
        return new TensorInfo(name, dtype, new Shape(dims), offsets[0], offsets[1]);
    }

    private static long[] longArray(Path path, String where, JsonObject o, String field, int length) {
        JsonElement e = o.get(field);
        if (e == null || !e.isJsonArray() || (length >= 0 && e.getAsJsonArray().size() != length)) {
            throw new SafetensorsException(path, where + "field \"" + field + "\" must be an array"
                    + (length >= 0 ? " of " + length : "") + " of non-negative integers");
        }
        long[] out = new long[e.getAsJsonArray().size()];
        for (int i = 0; i < out.length; i++) {
            JsonElement x = e.getAsJsonArray().get(i);
            long v;
            try {
                v = x.getAsJsonPrimitive().getAsBigDecimal().longValueExact();
            } catch (RuntimeException notInteger) {
                v = -1;
            }
            if (v < 0) {
                throw new SafetensorsException(path, where + "field \"" + field + "\" holds " + x
                        + ", not a non-negative integer");
            }
            out[i] = v;
        }
        return out;
    }

    /** The tensors must cover the data section exactly, in order, as the reference implementation requires. */
    private static void checkTiling(Path path, java.util.Collection<TensorInfo> infos, long dataLength) {
        List<TensorInfo> sorted = new ArrayList<>(infos);
        sorted.sort(Comparator.comparingLong(TensorInfo::begin).thenComparingLong(TensorInfo::end));
        long cursor = 0;
        TensorInfo previous = null;
        for (TensorInfo t : sorted) {
            if (t.begin() < cursor) {
                throw new SafetensorsException(path, "tensor '" + t.name() + "': data_offsets [" + t.begin() + ", "
                        + t.end() + "] overlap tensor '" + previous.name() + "' [" + previous.begin() + ", "
                        + previous.end() + "]");
            }
            if (t.begin() > cursor) {
                throw new SafetensorsException(path, "tensor '" + t.name() + "': data_offsets begin at " + t.begin()
                        + " leaving a hole after byte " + cursor + " of the data section");
            }
            if (t.end() > dataLength) {
                throw new SafetensorsException(path, "truncated: tensor '" + t.name() + "' ends at byte " + t.end()
                        + " of the data section, which has only " + dataLength + " bytes");
            }
            cursor = t.end();
            previous = t;
        }
        if (cursor != dataLength) {
            throw new SafetensorsException(path, "the data section has " + dataLength
                    + " bytes but the tensors cover " + cursor + " (trailing bytes)");
        }
    }

    /**
     * Returns the file's path.
     *
     * @return the path
     */
    public Path path() {
        return path;
    }

    /**
     * Returns the tensor names in header order.
     *
     * @return the names
     */
    public Set<String> names() {
        return tensors.keySet();
    }

    /**
     * Returns every tensor's header entry.
     *
     * @return name to entry, in header order
     */
    public Map<String, TensorInfo> tensors() {
        return tensors;
    }

    /**
     * Returns the {@code __metadata__} map (empty when absent).
     *
     * @return the metadata
     */
    public Map<String, String> metadata() {
        return metadata;
    }

    /**
     * Returns a tensor's header entry.
     *
     * @param name the tensor's name
     * @return its entry
     * @throws SafetensorsException when there is no such tensor
     */
    public TensorInfo info(String name) {
        TensorInfo info = tensors.get(name);
        if (info == null) {
            throw new SafetensorsException(path, "missing tensor '" + name + "'");
        }
        return info;
    }

    /**
     * Reads a tensor in its own type (bfloat16 widened to float32, int16 to int32).
     *
     * @param name the tensor's name
     * @param manager the manager (and device) of the result
     * @return the tensor
     */
    public NDArray load(String name, NDManager manager) {
        TensorDType dtype = info(name).dtype();
        return load(name, manager, dtype == TensorDType.BF16 ? DataType.FLOAT32
                : dtype == TensorDType.I16 ? DataType.INT32 : dtype.djl());
    }

    /**
     * Reads a tensor converted to the given type.
     *
     * <p>Floating-point sources (F64, F32, F16, BF16) convert to any floating-point target; integer sources to any
     * integer target. The conversion to float32 happens in Java; other targets are cast on the device.
     *
     * @param name the tensor's name
     * @param manager the manager (and device) of the result
     * @param target the element type of the result; never {@code BFLOAT16} or {@code INT16} (they abort DJL)
     * @return the tensor of the header's shape
     */
    public NDArray load(String name, NDManager manager, DataType target) {
        TensorInfo info = info(name);
        if (target == DataType.BFLOAT16) {
            throw new IllegalArgumentException("bfloat16 arrays abort DJL's PyTorch engine; load '" + name
                    + "' as FLOAT32 or FLOAT16");
        }
        if (target == DataType.INT16) {
            throw new IllegalArgumentException("int16 arrays abort DJL's PyTorch engine; load '" + name
                    + "' as INT32");
        }
        boolean floatTarget = target.isFloating();
        if (info.dtype().isFloat() != floatTarget && info.dtype() != TensorDType.BOOL) {
            throw new SafetensorsException(path, "tensor '" + name + "': cannot convert " + info.dtype() + " to "
                    + target);
        }
        Shape shape = info.shape();
        long rows = shape.dimension() == 0 ? 1 : shape.get(0);
        long rowElements = rows == 0 ? 0 : shape.size() / rows;
        long rowBytes = Math.max(1, rowElements * 4L);
        long rowsPerChunk = Math.max(1, MAX_CHUNK_BYTES / rowBytes);
        if (rows <= rowsPerChunk || shape.dimension() == 0 || shape.size() == 0) {
            return readRows(info, 0, rows, shape, manager, target, true);
        }
        // Over 64 MiB (an embedding, a large MLP matrix): fill the result block by block, so loading never holds
        // more than the weights plus one block.
        NDArray whole = manager.zeros(shape, target);
        for (long r = 0; r < rows; r += rowsPerChunk) {
            long n = Math.min(rowsPerChunk, rows - r);
            long[] dims = shape.getShape().clone();
            dims[0] = n;
            try (NDManager scope = manager.newSubManager()) {
                NDArray block = readRows(info, r, n, new Shape(dims), scope, target, false);
                whole.set(new ai.djl.ndarray.index.NDIndex("{}:{}", r, r + n), block);
            }
        }
        return whole;
    }

    /**
     * Reads rows of a tensor through the reused scratch buffers. With {@code own} false the result may be a view of
     * a scratch buffer, valid only until the next read: the caller copies it at once.
     */
    private NDArray readRows(TensorInfo info, long firstRow, long rowCount, Shape shape, NDManager manager,
            DataType target, boolean own) {
        long totalRows = info.shape().dimension() == 0 ? 1 : info.shape().get(0);
        long bytesPerRow = totalRows == 0 ? 0 : info.byteLength() / totalRows;
        long offset = dataStart + info.begin() + firstRow * bytesPerRow;
        long length = rowCount * bytesPerRow;
        ByteBuffer src = read(info, offset, length);
        TensorDType from = info.dtype();
        if (from == TensorDType.I16) {
            // DJL's PyTorch JNI has no int16 (creating such an array aborts the JVM): widen to int32 in Java.
            long count = shape.size();
            ByteBuffer out = wide(count * 4);
            java.nio.ShortBuffer s = src.asShortBuffer();
            java.nio.IntBuffer dst = out.asIntBuffer();
            for (int i = 0; i < count; i++) {
                dst.put(i, s.get(i));
            }
            NDArray i32 = owned(manager.create(out, shape, DataType.INT32));
            return target == DataType.INT32 ? i32 : cast(i32, target);
        }
        DataType sameLayout = from.djl();
        if (sameLayout == target || (sameLayout != null && !target.isFloating())) {
            NDArray wrapped = manager.create(src, shape, sameLayout);
            if (sameLayout != target) {
                return cast(wrapped, target);
            }
            return own ? owned(wrapped) : wrapped;
        }
        long count = shape.size();
        ByteBuffer out = wide(count * 4);
        java.nio.FloatBuffer dst = out.asFloatBuffer();
        switch (from) {
            case BF16 -> {
                java.nio.ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst.put(i, HalfFloats.bf16ToFloat(s.get(i)));
                }
            }
            case F16 -> {
                java.nio.ShortBuffer s = src.asShortBuffer();
                for (int i = 0; i < count; i++) {
                    dst.put(i, HalfFloats.f16ToFloat(s.get(i)));
                }
            }
            case F64 -> {
                java.nio.DoubleBuffer s = src.asDoubleBuffer();
                for (int i = 0; i < count; i++) {
                    dst.put(i, (float) s.get(i));
                }
            }
            case F32 -> dst.put(src.asFloatBuffer());
            default -> throw new SafetensorsException(path, "tensor '" + info.name() + "': cannot convert " + from
                    + " to " + target);
        }
        NDArray f32 = manager.create(out, shape, DataType.FLOAT32);
        if (target != DataType.FLOAT32) {
            return cast(f32, target);
        }
        return own ? owned(f32) : f32;
    }

    /**
     * A copy in storage the engine owns. {@code create(ByteBuffer)} wraps the Java buffer without copying, alive only
     * as long as that wrapper: a weight built on it, or any alias of it, would read freed memory once the wrapper is
     * closed. One tensor is copied at a time, so loading still never holds two copies of the weights.
     */
    private static NDArray owned(NDArray wrapped) {
        NDArray copy = wrapped.duplicate();
        wrapped.close();
        return copy;
    }

    private static NDArray cast(NDArray array, DataType target) {
        NDArray cast = array.toType(target, false);
        if (cast != array) {
            array.close();
        }
        return cast;
    }

    /**
     * Reads a byte range into the reused scratch buffer. Plain reads, not a memory map: mapped pages count in the
     * resident set until the mapping is collected, which made loading peak near twice the weights.
     */
    private ByteBuffer read(TensorInfo info, long offset, long length) {
        if (rawScratch == null || rawScratch.capacity() < length) {
            free(rawScratch);
            rawScratch = ByteBuffer.allocateDirect(Math.toIntExact(Math.max(length, 1)));
        }
        ByteBuffer buf = rawScratch.clear().limit(Math.toIntExact(length)).slice().order(ByteOrder.LITTLE_ENDIAN);
        try {
            readFully(channel, buf, offset);
        } catch (IOException e) {
            throw new SafetensorsException(path, "tensor '" + info.name() + "': cannot read bytes [" + offset + ", "
                    + (offset + length) + "): " + e.getMessage(), e);
        }
        return buf.rewind();
    }

    private ByteBuffer wide(long bytes) {
        if (wideScratch == null || wideScratch.capacity() < bytes) {
            free(wideScratch);
            wideScratch = ByteBuffer.allocateDirect(Math.toIntExact(Math.max(bytes, 1)));
        }
        return wideScratch.clear().limit(Math.toIntExact(bytes)).slice().order(ByteOrder.nativeOrder());
    }

    /** Releases a direct buffer now rather than at some later GC (it may be tens of MB). */
    private static void free(ByteBuffer buffer) {
        if (buffer == null || !buffer.isDirect()) {
            return;
        }
        try {
            java.lang.reflect.Field f = Class.forName("sun.misc.Unsafe").getDeclaredField("theUnsafe");
            f.setAccessible(true);
            Object unsafe = f.get(null);
            unsafe.getClass().getMethod("invokeCleaner", ByteBuffer.class).invoke(unsafe, buffer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            // Left to the garbage collector.
        }
    }

    private static void readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
        while (buffer.hasRemaining()) {
            int n = channel.read(buffer, position + buffer.position());
            if (n < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing; the original error is the one to report
            }
        }
    }

    /** {@inheritDoc} */
    @Override
    public void close() {
        closeQuietly(channel);
        free(rawScratch);
        free(wideScratch);
        rawScratch = null;
        wideScratch = null;
    }
}
