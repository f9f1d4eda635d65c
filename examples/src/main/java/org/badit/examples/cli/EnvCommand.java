package org.badit.examples.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.google.gson.GsonBuilder;
import java.util.Map;
import java.util.concurrent.Callable;
import org.badit.lora.engine.Engines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit env}: what engine, native library, devices and threads this machine gives BADIT-J. */
@Command(name = "env", mixinStandardHelpOptions = true,
        description = "Print the engine, its version, the native library's location, devices and thread counts.")
final class EnvCommand implements Callable<Integer> {

    @Option(names = "--json", description = "Print JSON instead of aligned text.")
    boolean json;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        Map<String, Object> info = Engines.describe();
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            // Proves the native library really computes, not merely loads.
            NDArray probe = manager.arange(4f).reshape(2, 2);
            info.put("smoke_test_matmul", probe.matMul(probe).toFloatArray()[3] == 11f ? "ok" : "WRONG");
        }
        if (json) {
            System.out.println(new GsonBuilder().setPrettyPrinting().create().toJson(info));
        } else {
            info.forEach((k, v) -> System.out.printf("%-22s %s%n", k, v));
        }
        return 0;
    }
}
