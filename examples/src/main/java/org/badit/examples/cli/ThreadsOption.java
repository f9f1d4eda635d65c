package org.badit.examples.cli;

import org.badit.lora.engine.Engines;
import picocli.CommandLine.Option;

/** The {@code --threads} option of the benchmark commands (picocli mixin). */
final class ThreadsOption {

    @Option(names = "--threads", description = "Intra-op threads of libtorch (default: the engine's choice, all "
            + "cores). On a shared machine 1 thread can beat 2, whose OpenMP workers spin while waiting for each other.")
    Integer threads;

    /** Sets libtorch's intra-op threads when {@code --threads} was given. */
    void apply() {
        if (threads != null) {
            Engines.setThreads(threads);
        }
    }
}
