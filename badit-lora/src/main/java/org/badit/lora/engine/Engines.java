package org.badit.lora.engine;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one entry point through which BADIT-J reaches the PyTorch engine.
 *
 * <p>Touching this class switches DJL to offline mode before the engine loads: the native library must come from
 * the {@code pytorch-native-*} jar on the classpath, and DJL must fail fast rather than try to download one (or
 * probe cloud metadata). Every library entry point calls {@link #pytorch()} first.
 *
 * <p>Device choice never assumes CPU: {@link #defaultDevice()} is the first GPU when the engine sees one, unless the
 * system property {@code badit.device} (e.g. {@code cpu}, {@code gpu(1)}) says otherwise.
 */
public final class Engines {

    /** The DJL engine name of PyTorch. */
    public static final String ENGINE_NAME = "PyTorch";

    static {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    private Engines() {}

    /**
     * Returns the PyTorch engine, loading its native library from the classpath on first use.
     *
     * @return the engine
     * @throws IllegalStateException when the engine cannot load (with the reason and what to check)
     */
    public static Engine pytorch() {
        try {
            return Engine.getEngine(ENGINE_NAME);
        } catch (RuntimeException | UnsatisfiedLinkError e) {
            throw new IllegalStateException(
                    "Cannot load the PyTorch engine offline. Check that ai.djl.pytorch:pytorch-jni and "
                            + "pytorch-native-cpu (classifier linux-x86_64) are on the classpath in the versions the "
                            + "BADIT-J pom pins, and that PYTORCH_VERSION is unset. Cause: " + e,
                    e);
        }
    }

    /**
     * Returns the device training and inference use by default.
     *
     * @return {@code badit.device} when set, else the first GPU the engine sees, else the CPU
     */
    public static Device defaultDevice() {
        String requested = System.getProperty("badit.device");
        if (requested != null && !requested.isBlank()) {
            return Device.fromName(requested.trim(), pytorch());
        }
        Engine engine = pytorch();
        return engine.getGpuCount() > 0 ? engine.defaultDevice() : Device.cpu();
    }

    /**
     * Sets the number of intra-op threads libtorch uses (matrix products, reductions).
     *
     * @param threads the number of threads, at least 1
     */
    public static void setThreads(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        pytorch();
        JniUtils.setNumThreads(threads);
    }

    /**
     * Describes the engine for the {@code env} command and benchmark headers.
     *
     * @return ordered facts: engine, version, native library location, devices, threads
     */
    public static Map<String, Object> describe() {
        Engine engine = pytorch();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("engine", engine.getEngineName());
        info.put("engine_version", engine.getVersion());
        info.put("djl_version", Engine.getDjlVersion());
        info.put("offline", Boolean.getBoolean("ai.djl.offline"));
        info.put("native_library_dir", nativeLibraryDir());
        info.put("gpu_count", engine.getGpuCount());
        info.put("default_device", defaultDevice().toString());
        info.put("intra_op_threads", JniUtils.getNumThreads());
        info.put("inter_op_threads", JniUtils.getNumInteropThreads());
        info.put("available_processors", Runtime.getRuntime().availableProcessors());
        info.put("java_version", System.getProperty("java.version"));
        return info;
    }

    private static String nativeLibraryDir() {
        String cache = System.getenv("DJL_CACHE_DIR");
        if (cache == null) {
            cache = System.getProperty("DJL_CACHE_DIR", System.getProperty("user.home") + "/.djl.ai");
        }
        String version = pytorch().getVersion();
        java.io.File root = new java.io.File(cache, "pytorch");
        java.io.File[] dirs = root.listFiles((d, n) -> n.startsWith(version));
        return dirs != null && dirs.length > 0 ? dirs[0].getAbsolutePath() : root.getAbsolutePath();
    }
}
