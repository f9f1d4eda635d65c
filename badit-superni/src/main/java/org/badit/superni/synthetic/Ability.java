package org.badit.superni.synthetic;

/**
 * The basic abilities the synthetic tasks are built from. Tasks that list the same ability share a skill; the
 * held-out tasks combine two abilities or apply one with an opposite rule (see {@link SyntheticSuite}).
 */
public enum Ability {
    /** Read a word backwards. */
    REVERSE,
    /** Order letters alphabetically. */
    SORT,
    /** Map lowercase letters to capitals. */
    UPPERCASE,
    /** Count occurrences (of a letter, of list items). */
    COUNT,
    /** Decide whether something occurs in a string. */
    MEMBERSHIP,
    /** Compare two numbers or two strings. */
    COMPARE,
    /** Add small numbers. */
    ARITHMETIC,
    /** Decide whether a number is even or odd. */
    PARITY,
    /** Pick an element by position (first, last). */
    POSITION
}
