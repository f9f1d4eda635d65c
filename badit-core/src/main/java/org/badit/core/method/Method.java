package org.badit.core.method;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The adaptation methods BADIT-J trains and compares, all at the same total rank K·r. */
public enum Method {
    /** LoRA (Hu et al. 2021): one adapter of rank K·r, B = 0. */
    LORA("lora"),
    /** PiSSA (Meng et al. 2024): rank K·r on the top singular triplets, residual base. */
    PISSA("pissa"),
    /** MiLoRA (Wang et al. 2024): rank K·r on the smallest singular triplets, residual base. */
    MILORA("milora"),
    /** OLoRA (Büyükakyüz 2024): rank K·r from a QR of the weight, residual base. */
    OLORA("olora"),
    /** LoRAMoE (Dou et al. 2024): K random-init experts of rank r (B = 0) and a token router. */
    LORAMOE("loramoe"),
    /** BADIT's SVD experts and router without the DOG regrouping (the ablation). */
    BADIT_NODOG("badit-nodog"),
    /** BADIT: K orthogonal SVD experts, a router, and DOG regrouping during training. */
    BADIT("badit"),
    /**
     * The "w/o BAD" ablation: LoRAMoE's random experts (B = 0, base unchanged) with BADIT's router and DOG, so the
     * effect of the SVD decomposition can be told apart from that of the regrouping.
     */
    BADIT_NOBAD("badit-nobad");

    private final String id;

    Method(String id) {
        this.id = id;
    }

    /**
     * Returns the name used in configs, commands and reports.
     *
     * @return e.g. {@code badit-nodog}
     */
    public String id() {
        return id;
    }

    /**
     * Returns whether the method uses K experts and a router (a {@code BaditLinear}).
     *
     * @return true for LoRAMoE and the BADIT variants
     */
    public boolean hasExperts() {
        return this == LORAMOE || this == BADIT_NODOG || this == BADIT || this == BADIT_NOBAD;
    }

    /**
     * Returns whether the method regroups its experts with DOG during training.
     *
     * @return true for BADIT and its w/o-BAD ablation
     */
    public boolean usesDog() {
        return this == BADIT || this == BADIT_NOBAD;
    }

    /**
     * Returns whether the adapter starts from random weights with B = 0 over the unchanged pretrained base (no SVD, no
     * residual).
     *
     * @return true for LoRA, LoRAMoE and BADIT w/o BAD
     */
    public boolean keepsPretrainedBase() {
        return this == LORA || this == LORAMOE || this == BADIT_NOBAD;
    }

    /**
     * Parses a method name.
     *
     * @param name e.g. {@code badit}, case-insensitive
     * @return the method
     * @throws IllegalArgumentException listing the known methods
     */
    public static Method parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Method m : values()) {
            if (m.id.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown method '" + name + "'; known: "
                + Arrays.stream(values()).map(Method::id).collect(Collectors.joining(", ")));
    }

    /** {@inheritDoc} */
    @Override
    public String toString() {
        return id;
    }
}
