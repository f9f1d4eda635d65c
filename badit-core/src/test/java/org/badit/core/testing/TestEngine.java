package org.badit.core.testing;

import ai.djl.ndarray.NDManager;
import org.badit.lora.engine.Engines;

/**
 * The engine as tests use it: the one place that opens a test's base {@code NDManager}. Shipped to the other
 * modules' tests in badit-core's test-jar.
 */
public final class TestEngine {

    private TestEngine() {}

    /**
     * Returns a new base manager on the default device and engine.
     *
     * @return a manager the caller closes
     */
    public static NDManager manager() {
        return NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
    }

    /**
     * Returns a new base manager on the default device, with one intra-op thread: the models here are tiny, and on a
     * shared 2-core machine OpenMP's spinning threads make them ~20× slower than one thread.
     *
     * @return a manager the caller closes
     */
    public static NDManager singleThreadManager() {
        Engines.setThreads(1);
        return manager();
    }
}
