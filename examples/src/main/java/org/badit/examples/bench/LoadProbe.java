package org.badit.examples.bench;

import ai.djl.ndarray.NDManager;
import java.nio.file.Path;
import org.badit.core.model.DecoderLM;
import org.badit.lora.engine.Engines;

/**
 * Loads one checkpoint in a fresh process and prints {@code baseline_kb peak_kb}: the resident set once the engine
 * is up (a tiny array created, so libtorch is loaded) and the process's peak after loading. Run by
 * {@link ModelBenchmark} as a subprocess, so no memory freed by earlier measurements (kept by the allocators) can
 * hide what loading costs.
 */
public final class LoadProbe {

    private LoadProbe() {}

    /**
     * Runs the probe.
     *
     * @param args the checkpoint directory
     */
    public static void main(String[] args) {
        try (NDManager root = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            root.ones(new ai.djl.ndarray.types.Shape(4)).sum().getFloat();
            System.gc();
            long baseline = ProcStatus.kb("VmRSS");
            ProcStatus.resetPeak();
            long t0 = System.nanoTime();
            try (NDManager m = root.newSubManager()) {
                DecoderLM.load(Path.of(args[0]), m);
                long seconds = System.nanoTime() - t0;
                System.out.println(baseline + " " + ProcStatus.kb("VmHWM") + " " + seconds);
            }
        }
    }
}
