package org.badit.lora;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which Linear modules an adapter replaces, as PEFT's {@code target_modules}.
 *
 * <ul>
 *   <li>{@link #names(List)}: a module matches a name when its path equals it or ends with {@code "." + name}
 *       ({@code q_proj} matches {@code model.layers.0.self_attn.q_proj}; {@code self_attn.q_proj} works too). Every
 *       name must match at least one Linear, else injection fails and lists the Linear modules there are.
 *   <li>{@link #regex(String)}: the whole path must match the expression.
 *   <li>{@link #allLinear()}: every Linear except the output head {@code lm_head}.
 * </ul>
 */
public final class TargetModules {

    /** PEFT's shorthand for every linear layer but the output head. */
    public static final String ALL_LINEAR = "all-linear";
    /** The output head that {@code all-linear} leaves alone. */
    public static final String OUTPUT_HEAD = "lm_head";

    private final List<String> names;
    private final Pattern regex;

    private TargetModules(List<String> names, Pattern regex) {
        this.names = names;
        this.regex = regex;
    }

    /**
     * Targets by module names (suffix match on dot boundaries).
     *
     * @param names e.g. {@code [q_proj, v_proj]}
     * @return the selection
     */
    public static TargetModules names(List<String> names) {
        if (names == null || names.isEmpty()) {
            throw new IllegalArgumentException("target_modules must name at least one module");
        }
        for (String n : names) {
            if (n == null || n.isBlank()) {
                throw new IllegalArgumentException("target_modules contains an empty name: " + names);
            }
        }
        if (names.size() == 1 && ALL_LINEAR.equals(names.get(0))) {
            return allLinear();
        }
        return new TargetModules(List.copyOf(names), null);
    }

    /**
     * Reads PEFT's {@code target_modules} field: a list of module names or a regex string.
     *
     * @param value the field's JSON value (not null)
     * @param error turns a description of what is wrong ("must hold strings, got …") into the caller's exception,
     *     which names the file and the field
     * @return the targets
     * @throws IllegalArgumentException from {@link #regex} or {@link #names} on an invalid pattern or name list
     */
    public static TargetModules fromJson(JsonElement value, Function<String, ? extends RuntimeException> error) {
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            return regex(value.getAsString());
        }
        if (value.isJsonArray()) {
            List<String> names = new ArrayList<>();
            for (JsonElement e : (JsonArray) value) {
                if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isString()) {
                    throw error.apply("must hold strings, got " + e);
                }
                names.add(e.getAsString());
            }
            // PEFT stores a set: the order in the file carries no meaning.
            return names(names);
        }
        throw error.apply("must be a list of names or a string, got " + value);
    }

    /**
     * Targets by a regular expression that must match the whole module path.
     *
     * @param regex e.g. {@code .*\.layers\.[0-3]\..*_proj}
     * @return the selection
     */
    public static TargetModules regex(String regex) {
        Objects.requireNonNull(regex, "regex");
        if (ALL_LINEAR.equals(regex)) {
            return allLinear();
        }
        try {
            return new TargetModules(null, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("target_modules regex '" + regex + "' is invalid: "
                    + e.getDescription(), e);
        }
    }

    /**
     * Targets every Linear except {@code lm_head}.
     *
     * @return the selection
     */
    public static TargetModules allLinear() {
        return new TargetModules(null, null);
    }

    /**
     * Returns whether a Linear at this path is targeted.
     *
     * @param path the module path
     * @return true when the adapter replaces it
     */
    public boolean matches(String path) {
        if (names != null) {
            return names.stream().anyMatch(n -> matchesName(path, n));
        }
        if (regex != null) {
            return regex.matcher(path).matches();
        }
        return !lastName(path).equals(OUTPUT_HEAD);
    }

    /**
     * Returns whether a path matches one name of a name list.
     *
     * @param path the module path
     * @param name a target name
     * @return true on equality or a dot-boundary suffix match
     */
    public static boolean matchesName(String path, String name) {
        return path.equals(name) || path.endsWith("." + name);
    }

    static String lastName(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    /**
     * Returns the target names of a name list.
     *
     * @return the names, or {@code null} for a regex or all-linear
     */
    public List<String> names() {
        return names;
    }

    /**
     * Returns the regular expression.
     *
     * @return the expression, or {@code null}
     */
    public String regex() {
        return regex == null ? null : regex.pattern();
    }

    /**
     * Returns whether this is {@code all-linear}.
     *
     * @return true for all-linear
     */
    public boolean isAllLinear() {
        return names == null && regex == null;
    }

    /**
     * The value PEFT writes as {@code target_modules}: a list of names, or a string (regex or {@code all-linear}).
     *
     * @return a {@code List<String>} or a {@code String}
     */
    public Object toPeft() {
        return names != null ? names : regex != null ? regex.pattern() : ALL_LINEAR;
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return String.valueOf(toPeft());
    }

    /** {@inheritDoc} */
    @Override
    public boolean equals(Object o) {
        return o instanceof TargetModules && toPeft().equals(((TargetModules) o).toPeft());
    }

    /** {@inheritDoc} */
    @Override
    public int hashCode() {
        return toPeft().hashCode();
    }
}
