package org.badit.superni.synthetic;

/** Whether a synthetic task picks its answer from a small closed label set or produces free text. */
public enum Kind {
    /** The answer is one of a few labels (yes/no, even/odd, a small count, one of two given numbers). */
    CLASSIFICATION,
    /** The answer is a new string built from the input (a reversed word, a sum, a list item). */
    GENERATION
}
