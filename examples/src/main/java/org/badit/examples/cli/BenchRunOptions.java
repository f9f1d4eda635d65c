package org.badit.examples.cli;

import picocli.CommandLine.Mixin;

/** {@code --threads} and {@code --out} together, for the benchmarks that take both (picocli mixin). */
final class BenchRunOptions {

    @Mixin
    ThreadsOption threads;

    @Mixin
    JsonOutput output;

    /** Applies {@code --threads} before the benchmark starts. */
    void start() {
        threads.apply();
    }

    /**
     * Prints the result and writes it to {@code --out} when given.
     *
     * @param json the result
     */
    void emit(String json) {
        output.emit(json);
    }
}
