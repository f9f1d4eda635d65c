package org.badit.lora.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.badit.lora.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {

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

    /** A hand-made file: 8-byte length, the header text as given, then the data bytes. */
    private Path raw(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static String messageOf(Path p) {
        return assertThrows(SafetensorsException.class, () -> SafetensorsFile.open(p).close()).getMessage();
    }

    @Test
    void tensorsOverOneReadBlockLoadExactlyBlockByBlock() {
        // 18000 x 1024 float32 is 70 MiB, over the 64 MiB block; the float16 one widens to 70 MiB as well.
        NDArray f32 = manager.randomUniform(-1, 1, new Shape(18000, 1024));
        NDArray f16 = manager.randomUniform(-1, 1, new Shape(18000, 1024)).toType(DataType.FLOAT16, false);
        assertTrue(18000L * 1024 * 4 > SafetensorsFile.MAX_CHUNK_BYTES);
        Path p = dir.resolve("big.safetensors");
        SafetensorsWriter.builder().build().add("f32", f32).add("f16", f16).write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            for (int rep = 0; rep < 2; rep++) { // the second pass reuses the scratch buffers
                try (NDArray a = f.load("f32", manager); NDArray b = f.load("f16", manager, DataType.FLOAT32)) {
                    assertEquals(f32.getShape(), a.getShape());
                    assertTrue(a.contentEquals(f32), "float32 exact");
                    assertTrue(b.contentEquals(f16.toType(DataType.FLOAT32, false)), "float16 widened exactly");
                }
            }
        }
    }

    @Test
    void roundTripIsExactForEveryDjlType() throws IOException {
        NDArray f32 = manager.randomNormal(new Shape(3, 5));
        NDArray f16 = manager.randomNormal(new Shape(4)).toType(DataType.FLOAT16, false);
        NDArray i64 = manager.arange(0, 12, 1, DataType.INT64).reshape(2, 6);
        NDArray scalar = manager.create(2.5f);
        Path p = dir.resolve("t.safetensors");
        SafetensorsWriter.builder().optMetadata(Map.of("format", "pt")).build()
                .add("b.f32", f32).add("a.f16", f16).add("c.i64", i64).add("d.scalar", scalar).write(p);
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            assertEquals(Map.of("format", "pt"), f.metadata());
            assertEquals(TensorDType.F16, f.info("a.f16").dtype());
            assertEquals(f32, f.load("b.f32", manager));
            assertEquals(f16, f.load("a.f16", manager));
            assertEquals(i64, f.load("c.i64", manager));
            assertEquals(scalar, f.load("d.scalar", manager));
            assertEquals(f16.toType(DataType.FLOAT32, false), f.load("a.f16", manager, DataType.FLOAT32));
        }
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(1, files.count(), "the atomic write leaves no temporary file");
        }
    }

    @Test
    void halfPrecisionWidensExactly() throws IOException {
        // bf16: 1.0 = 0x3F80, -2.5 = 0xC020; f16: 1.0 = 0x3C00, smallest subnormal 0x0001 = 2^-24, -inf = 0xFC00.
        ByteBuffer d = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        d.putShort((short) 0x3F80).putShort((short) 0xC020).putShort((short) 0x7FC0);
        d.putShort((short) 0x3C00).putShort((short) 0x0001).putShort((short) 0xFC00);
        Path p = raw("h.safetensors", "{\"bf\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[0,6]},"
                + "\"hf\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[6,12]}}", d.array());
        try (SafetensorsFile f = SafetensorsFile.open(p)) {
            float[] bf = f.load("bf", manager).toFloatArray();
            assertEquals(1.0f, bf[0]);
            assertEquals(-2.5f, bf[1]);
            assertTrue(Float.isNaN(bf[2]));
            assertArrayEquals(new float[] {1.0f, 0x1p-24f, Float.NEGATIVE_INFINITY},
                    f.load("hf", manager, DataType.FLOAT32).toFloatArray());
            assertThrows(IllegalArgumentException.class, () -> f.load("bf", manager, DataType.BFLOAT16));
        }
    }

    @Test
    void corruptFilesAreClearErrorsNamingFileAndTensor() throws IOException {
        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(messageOf(tiny).contains("truncated"), messageOf(tiny));

        ByteBuffer b = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1000).putLong(0);
        Path longHeader = dir.resolve("long.safetensors");
        Files.write(longHeader, b.array());
        assertTrue(messageOf(longHeader).contains("header length 1000 does not fit"), messageOf(longHeader));

        String m = messageOf(raw("json.safetensors", "{\"a\": [", new byte[0]));
        assertTrue(m.contains("json.safetensors") && m.contains("not valid JSON"), m);

        m = messageOf(raw("dtype.safetensors", "{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,1]}}",
                new byte[1]));
        assertTrue(m.contains("tensor 'w'") && m.contains("unknown or unsupported dtype \"Q4\""), m);

        m = messageOf(raw("shape.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}",
                new byte[12]));
        assertTrue(m.contains("tensor 'w'") && m.contains("needs 16 bytes but data_offsets span 12"), m);

        m = messageOf(raw("overlap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[12]));
        assertTrue(m.contains("overlap"), m);

        m = messageOf(raw("short.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[4],\"data_offsets\":[0,16]}}",
                new byte[10]));
        assertTrue(m.contains("truncated: tensor 'a'"), m);

        m = messageOf(raw("trailing.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}",
                new byte[8]));
        assertTrue(m.contains("trailing"), m);

        m = messageOf(raw("hole.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                new byte[8]));
        assertTrue(m.contains("hole"), m);

        m = messageOf(raw("neg.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,4]}}",
                new byte[4]));
        assertTrue(m.contains("field \"shape\""), m);
    }

    @Test
    void shardedCheckpointsResolveThroughTheIndex() throws IOException {
        SafetensorsWriter.builder().build().add("x", manager.ones(new Shape(2))).write(dir.resolve("s1.safetensors"));
        SafetensorsWriter.builder().build().add("y", manager.zeros(new Shape(3))).write(dir.resolve("s2.safetensors"));
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE),
                "{\"metadata\":{},\"weight_map\":{\"x\":\"s1.safetensors\",\"y\":\"s2.safetensors\"}}");
        try (SafetensorsCheckpoint c = SafetensorsCheckpoint.open(dir)) {
            assertEquals(java.util.Set.of("x", "y"), c.names());
            assertEquals(manager.zeros(new Shape(3)), c.load("y", manager, DataType.FLOAT32));
            String m = assertThrows(SafetensorsException.class, () -> c.load("z", manager, DataType.FLOAT32))
                    .getMessage();
            assertTrue(m.contains("missing tensor 'z'"), m);
        }
        Files.writeString(dir.resolve(SafetensorsCheckpoint.INDEX_FILE),
                "{\"weight_map\":{\"x\":\"gone.safetensors\"}}");
        String m = assertThrows(SafetensorsException.class, () -> SafetensorsCheckpoint.open(dir)).getMessage();
        assertTrue(m.contains("gone.safetensors") && m.contains("does not exist"), m);
    }

    @Test
    void pickleCheckpointsAreRefused() throws IOException {
        Files.write(dir.resolve("pytorch_model.bin"), new byte[] {(byte) 0x80, 2});
        String m = assertThrows(SafetensorsException.class, () -> SafetensorsCheckpoint.open(dir)).getMessage();
        assertTrue(m.contains("pickle") && m.contains("pytorch_model.bin"), m);
        m = assertThrows(SafetensorsException.class,
                () -> SafetensorsCheckpoint.open(dir.resolve("pytorch_model.bin"))).getMessage();
        assertTrue(m.contains("arbitrary code"), m);
    }
}
