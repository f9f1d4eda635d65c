package org.badit.examples.cli.config;

/**
 * One documented setting of a run: its name in config files and flags, its type, default and meaning. The table of
 * these is the single source of docs/configuration.md and of validation.
 *
 * @param name the key, e.g. {@code learning_rate}
 * @param type the value type
 * @param defaultValue the default (null: required or absent)
 * @param help what it means
 * @param min the smallest allowed value of a number (null: none)
 * @param minExclusive whether {@code min} itself is excluded
 * @param max the largest allowed value of a number (null: none)
 */
public record RunConfigKey(String name, Type type, Object defaultValue, String help, Double min,
        boolean minExclusive, Double max) {

    /**
     * A key without a range.
     *
     * @param name the key
     * @param type the value type
     * @param defaultValue the default
     * @param help what it means
     */
    public RunConfigKey(String name, Type type, Object defaultValue, String help) {
        this(name, type, defaultValue, help, null, false, null);
    }

    /**
     * Returns this key with an inclusive lower bound.
     *
     * @param lowest the smallest allowed value
     * @return the key
     */
    public RunConfigKey atLeast(double lowest) {
        return new RunConfigKey(name, type, defaultValue, help, lowest, false, max);
    }

    /**
     * Returns this key with an exclusive lower bound.
     *
     * @param bound the value the setting must exceed
     * @return the key
     */
    public RunConfigKey above(double bound) {
        return new RunConfigKey(name, type, defaultValue, help, bound, true, max);
    }

    /**
     * Returns this key with an inclusive upper bound.
     *
     * @param highest the largest allowed value
     * @return the key
     */
    public RunConfigKey atMost(double highest) {
        return new RunConfigKey(name, type, defaultValue, help, min, minExclusive, highest);
    }

    /**
     * Describes the allowed range, e.g. {@code > 0}, {@code >= 1}, {@code 0 to 1}.
     *
     * @return the range, or an empty string when there is none
     */
    public String range() {
        String lo = min == null ? null : (minExclusive ? "> " : ">= ") + number(min);
        String hi = max == null ? null : "<= " + number(max);
        if (lo != null && hi != null) {
            return lo + ", " + hi;
        }
        return lo != null ? lo : hi != null ? hi : "";
    }

    /**
     * Checks a number against the range.
     *
     * @param value the value
     * @return true when allowed
     */
    public boolean allows(double value) {
        return Double.isFinite(value) && (min == null || (minExclusive ? value > min : value >= min))
                && (max == null || value <= max);
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.valueOf(v);
    }

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
