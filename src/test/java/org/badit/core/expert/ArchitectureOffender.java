package org.badit.core.expert;

import org.badit.core.train.AdamW;

/** A deliberate violation for ArchitectureTest: an expert-package class that reaches into the trainer's AdamW. */
public final class ArchitectureOffender {

    private ArchitectureOffender() {}

    static long steps(AdamW optimizer) {
        return optimizer.stepCount();
    }
}
