package org.badit.examples.cli.config;

/**
 * One documented setting of a run: its name in config files and flags, its type, default and meaning. The table of
 * these is the single source of docs/configuration.md and of validation.
 *
 * @param name the key, e.g. {@code learning_rate}
 * @param type the value type
 * @param defaultValue the default (null: required or absent)
 * @param help what it means
 */
public record RunConfigKey(String name, Type type, Object defaultValue, String help) {

    /** Value types of settings. */
    public enum Type {
        /** A string. */
        STRING,
        /** An integer. */
        INT,
        /** A floating-point number. */
        NUMBER,
        /** true or false. */
        BOOLEAN,
        /** A list of strings (or one comma-separated string). */
        LIST
    }
}
