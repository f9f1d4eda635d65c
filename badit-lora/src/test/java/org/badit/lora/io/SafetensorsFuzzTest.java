package org.badit.lora.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeout;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.time.Duration;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.badit.lora.engine.Engines;
import org.badit.lora.testing.FuzzHarness;
import org.badit.lora.testing.Mutator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded mutation fuzzing of {@link SafetensorsFile}: open, list and load every tensor of each mutated file. The only
 * outcomes allowed are success or a {@link SafetensorsException} naming the file, within the time bound
 * ({@link FuzzHarness}; {@code -Dbadit.fuzz.inputs=10000} for the long run).
 */
class SafetensorsFuzzTest {

    private static NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void setUp() {
        manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** A file: 8-byte little-endian header length, the header, then {@code dataBytes} bytes 1, 2, 3, ... */
    static byte[] file(String header, int dataBytes) {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        for (int i = 0; i < dataBytes; i++) {
            b.put((byte) (i * 37 + 1));
        }
        return b.array();
    }

    static List<byte[]> seeds() {
        return List.of(
                file("{\"__metadata__\":{\"format\":\"pt\"},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                        + "\"b\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[24,40]}}", 40),
                file("{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                        + "\"g\":{\"dtype\":\"BF16\",\"shape\":[2,2],\"data_offsets\":[8,16]},"
                        + "\"s\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[16,24]},"
                        + "\"q\":{\"dtype\":\"BOOL\",\"shape\":[3],\"data_offsets\":[24,27]},"
                        + "\"u\":{\"dtype\":\"U8\",\"shape\":[1,1],\"data_offsets\":[27,28]}}    ", 28),
                file("{\"e\":{\"dtype\":\"F32\",\"shape\":[2,0],\"data_offsets\":[0,0]},"
                        + "\"z\":{\"dtype\":\"I32\",\"shape\":[0,3],\"data_offsets\":[0,0]},"
                        + "\"i\":{\"dtype\":\"I8\",\"shape\":[3],\"data_offsets\":[0,3]},"
                        + "\"w\":{\"dtype\":\"I16\",\"shape\":[1,2,1],\"data_offsets\":[3,7]}}", 7),
                file("{\"__metadata__\":{}}", 0));
    }

    /** Opens the file, reads its header and loads every tensor in its own type. */
    private void read(Path p) {
        try (SafetensorsFile f = SafetensorsFile.open(p); NDManager scope = manager.newSubManager()) {
            f.metadata().size();
            for (String name : f.names()) {
                f.info(name).byteLength();
                f.load(name, scope);
            }
        }
    }

    @Test
    void mutatedFilesFailOnlyWithSafetensorsException() {
        Path p = dir.resolve("fuzz.safetensors");
        FuzzHarness.Summary s = FuzzHarness.run("safetensors", Mutator.safetensors(seeds()), input -> {
            Files.write(p, input);
            read(p);
        }, "fuzz.safetensors", SafetensorsException.class);
        assertTrue(s.documented().getOrDefault("SafetensorsException", 0) > 0, s::toString);
    }

    private Path write(String name, byte[] bytes) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, bytes);
        return p;
    }

    private static String refusal(Path p) {
        return assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(p).close()).getMessage();
    }

    /** Found by the fuzzer (seed input 2): creating an int16 array aborted the JVM inside DJL's JNI. */
    @Test
    void int16TensorLoadsAsInt32InsteadOfAbortingTheJvm() throws IOException {
        ByteBuffer data = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putShort((short) -3)
                .putShort((short) 30000);
        byte[] header = "{\"w\":{\"dtype\":\"I16\",\"shape\":[1,2],\"data_offsets\":[0,4]}}"
                .getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + header.length + 4).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(header.length).put(header).put(data.array());
        Path p = write("i16.safetensors", b.array());
        try (SafetensorsFile f = SafetensorsFile.open(p); NDManager m = manager.newSubManager()) {
            NDArray w = f.load("w", m);
            assertEquals(DataType.INT32, w.getDataType());
            assertEquals(new Shape(1, 2), w.getShape());
            assertEquals(manager.create(new int[] {-3, 30000}).reshape(1, 2), w);
            assertEquals(DataType.INT64, f.load("w", m, DataType.INT64).getDataType());
            assertThrows(IllegalArgumentException.class, () -> f.load("w", m, DataType.INT16));
        }
    }

    /** Found by the fuzzer (seed 14, case 783): a shape whose byte size overflows a long was an ArithmeticException. */
    @Test
    void shapeOverflowIsASafetensorsException() throws IOException {
        Path p = write("overflow.safetensors", file("{\"a\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,4],"
                + "\"data_offsets\":[0,0]}}", 0));
        String message = refusal(p);
        assertTrue(message.contains("overflow.safetensors") && message.contains("tensor 'a'")
                && message.contains("\"shape\""), message);
    }

    /** An empty tensor with 2^62 rows was read in 2^32 chunks of 2^30 rows: a hang. */
    @Test
    void emptyTensorWithHugeRowCountLoadsAtOnce() throws IOException {
        Path p = write("empty.safetensors", file("{\"e\":{\"dtype\":\"F32\",\"shape\":[4611686018427387904,0],"
                + "\"data_offsets\":[0,0]}}", 0));
        try (SafetensorsFile f = SafetensorsFile.open(p); NDManager m = manager.newSubManager()) {
            NDArray e = assertTimeout(Duration.ofSeconds(2), () -> f.load("e", m));
            assertEquals(0, e.size());
        }
    }

    /** Header lengths from the file's first 8 bytes are checked against the file size before any allocation. */
    @Test
    void hugeHeaderLengthsAreRefusedBeforeAllocation() throws IOException {
        for (long length : new long[] {1L << 40, Integer.MAX_VALUE, Long.MAX_VALUE, -1, 0, Long.MIN_VALUE}) {
            byte[] bytes = file("{}", 0);
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putLong(0, length);
            String message = refusal(write("len.safetensors", bytes));
            assertTrue(message.contains("len.safetensors") && message.contains("header length"), message);
        }
    }

    /**
     * Found while fuzzing: the metadata came out in {@code Map.of}'s per-JVM order, so saved adapters (the fuzz seeds)
     * differed byte for byte between runs and a seed and case index did not reproduce an input.
     */
    @Test
    void metadataIsWrittenInKeyOrder() throws IOException {
        Path p = dir.resolve("meta.safetensors");
        SafetensorsWriter.builder().optMetadata(Map.of("format", "pt", "badit_version", "1", "zeta", "z", "alpha", "a"))
                .build().add("t", manager.zeros(new Shape(1))).write(p);
        String header = new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
        int a = header.indexOf("\"alpha\"");
        int b = header.indexOf("\"badit_version\"");
        int f = header.indexOf("\"format\"");
        int z = header.indexOf("\"zeta\"");
        assertTrue(0 < a && a < b && b < f && f < z, header);
    }
}
