package org.badit.examples.cli.run;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.badit.core.method.Method;

/**
 * One row of a comparison: a method, or an ablation variant of one ({@code --variant LABEL=METHOD[:k=v;k=v]}).
 *
 * @param label the row's name in tables, reports and directory names
 * @param method the method id (validated by {@code Method.parse})
 * @param overrides settings this row changes against the shared ones, in the order given
 */
public record StudyRow(String label, String method, Map<String, String> overrides) {

    /**
     * Methods whose experts start from an SVD of the base weight, the only ones {@code --alpha-grid} applies to:
     * their update scale interacts with the spectrum they take out of the weight, while plain LoRA/LoRAMoE (and
     * random-expert variants) start from zero.
     */
    public static final Set<String> SVD_METHODS = java.util.Arrays.stream(Method.values())
            .filter(m -> !m.keepsPretrainedBase()).map(Method::id)
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** Freezes the overrides in their order. */
    public StudyRow {
        overrides = Collections.unmodifiableMap(new LinkedHashMap<>(overrides));
    }

    /**
     * Whether the row's method is SVD-initialised.
     *
     * @return true for pissa, milora, olora, badit-nodog and badit (and any variant of them)
     */
    public boolean svdInitialised() {
        return SVD_METHODS.contains(method);
    }

    /**
     * Parses {@code LABEL=METHOD[:key=value;key=value]}.
     *
     * @param spec the flag's value
     * @return the row (keys and values are checked later against the settings table)
     * @throws IllegalArgumentException naming the flag when the shape is wrong
     */
    public static StudyRow parseVariant(String spec) {
        String what = "--variant '" + spec + "': ";
        int eq = spec.indexOf('=');
        if (eq <= 0 || eq == spec.length() - 1) {
            throw new IllegalArgumentException(what + "expected LABEL=METHOD[:key=value;key=value]");
        }
        String label = spec.substring(0, eq).trim();
        String rest = spec.substring(eq + 1).trim();
        int colon = rest.indexOf(':');
        String method = (colon < 0 ? rest : rest.substring(0, colon)).trim();
        Map<String, String> overrides = new LinkedHashMap<>();
        if (colon >= 0) {
            for (String kv : rest.substring(colon + 1).split(";")) {
                if (kv.isBlank()) {
                    continue;
                }
                int e = kv.indexOf('=');
                if (e <= 0) {
                    throw new IllegalArgumentException(what + "'" + kv.trim() + "' is not key=value");
                }
                overrides.put(kv.substring(0, e).trim().replace('-', '_'), kv.substring(e + 1).trim());
            }
        }
        if (method.isEmpty()) {
            throw new IllegalArgumentException(what + "no method after '='");
        }
        return new StudyRow(label, method, overrides);
    }
}
