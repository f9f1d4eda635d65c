package org.badit.core.model;

import ai.djl.ndarray.NDManager;
import org.badit.lora.engine.Engines;

/** The engine as tests use it. */
final class TestEngine {

    private TestEngine() {}

    /**
     * Returns a new base manager on the default device, with one intra-op thread: the models here are tiny, and on a
     * shared 2-core machine OpenMP's spinning threads make them ~20× slower than one thread.
     */
    static NDManager manager() {
        Engines.setThreads(1);
        return NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }
}
