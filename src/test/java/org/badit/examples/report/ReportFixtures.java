package org.badit.examples.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Synthetic results and metrics logs for the report tests: three methods, three tasks. */
final class ReportFixtures {

    static final List<String> TASKS = List.of("task190_snli", "task1290_xsum", "task200_mnli");

    private ReportFixtures() {}

    /** Writes a fake log: decaying noisy loss; angles only when {@code angles} (as a BADIT run logs them). */
    static Path log(Path dir, String method, int steps, double start, boolean angles, long seed) throws IOException {
        Random rnd = new Random(seed);
        List<StepMetrics> out = new ArrayList<>();
        for (int s = 1; s <= steps; s++) {
            double loss = start * Math.exp(-s / 40.0) + 0.3 + 0.1 * rnd.nextGaussian();
            Double intra = angles ? 60 + 10 * Math.exp(-s / 30.0) + rnd.nextGaussian() : null;
            Double inter = angles ? 89 - 20 * Math.exp(-s / 30.0) + rnd.nextGaussian() : null;
            out.add(new StepMetrics(s, 0, null, loss, 1e-4, 1.0, 1234.5, intra, inter,
                    angles ? 0.05 : null, angles ? 3 : null, angles ? 12.5 : null, s * 0.5));
        }
        Path file = dir.resolve(method + ".jsonl");
        MetricsFile.write(file, out);
        return file;
    }

    /**
     * LoRA: best on task1290 (ties with BADIT at 2 decimals); LoRAMoE: best on task200 and fastest; BADIT: best
     * overall, best EM, best on task190, fewest trainable parameters.
     */
    static List<MethodResult> results(Path lora, Path loramoe, Path badit) {
        return List.of(
                MethodResult.builder("lora").setScores(41.2345, 20.5)
                        .addTask(TASKS.get(0), 50.0).addTask(TASKS.get(1), 33.3333).addTask(TASKS.get(2), 40.1)
                        .setTrainSeconds(125).setParameters(4_194_304, 500_000_000).optMetricsLog(lora).build(),
                MethodResult.builder("loramoe").setScores(43.0, 21.0)
                        .addTask(TASKS.get(0), 51.0).addTask(TASKS.get(1), 30.0).addTask(TASKS.get(2), 48.75)
                        .setTrainSeconds(98.4).setParameters(4_200_000, 500_000_000).optMetricsLog(loramoe).build(),
                MethodResult.builder("badit").setScores(47.8912, 25.25)
                        .addTask(TASKS.get(0), 61.5).addTask(TASKS.get(1), 33.3301).addTask(TASKS.get(2), 47.0)
                        .setTrainSeconds(3725).setParameters(4_000_000, 500_000_000).optMetricsLog(badit).build());
    }
}
