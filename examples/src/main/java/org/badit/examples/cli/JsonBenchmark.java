package org.badit.examples.cli;

import java.util.Map;

/** A benchmark command whose result {@code badit bench} can collect directly (no stdout capture). */
interface JsonBenchmark {

    /**
     * Runs the benchmark with the command's options.
     *
     * @return the result, as the command prints it in JSON
     * @throws Exception when the benchmark cannot run (bad options, missing data)
     */
    Map<String, Object> result() throws Exception;
}
