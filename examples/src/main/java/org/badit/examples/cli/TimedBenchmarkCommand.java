package org.badit.examples.cli;

import com.google.gson.GsonBuilder;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;

/**
 * A benchmark command with {@code --threads} and {@code --out}: it applies the threads, measures, prints the result
 * as JSON and writes it to {@code --out}; {@code badit bench} calls {@link #result()} directly.
 */
abstract class TimedBenchmarkCommand implements Callable<Integer>, JsonBenchmark {

    @Mixin
    BenchRunOptions run;

    /**
     * Runs the measurement with the command's options (the threads are already applied).
     *
     * @return the result
     */
    abstract Map<String, Object> measure();

    /** {@inheritDoc} */
    @Override
    public final Integer call() {
        run.emit(new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(result()));
        return 0;
    }

    /** {@inheritDoc} */
    @Override
    public final Map<String, Object> result() {
        run.start();
        return measure();
    }
}
