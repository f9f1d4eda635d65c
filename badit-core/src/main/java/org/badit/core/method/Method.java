package org.badit.core.method;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.badit.core.init.AdapterInitializer;
import org.badit.core.init.LoraFamilyInit;
import org.badit.core.init.RandomExperts;
import org.badit.core.init.SvdExperts;

/**
 * The adaptation methods BADIT-J trains and compares, all at the same total rank K·r. Each constant is the method's
 * one declaration: its name, its initializer ({@code org.badit.core.init}), whether its router is fixed, whether DOG
 * regroups it and whether it keeps the pretrained base. Adding a method is one constant here, plus a new initializer
 * or router class when no existing one fits (docs/architecture.md).
 */
public enum Method {
    /** LoRA (Hu et al. 2021): one adapter of rank K·r, B = 0. */
    LORA("lora", new LoraFamilyInit(s -> "true"), null, false, true),
    /** PiSSA (Meng et al. 2024): rank K·r on the top singular triplets, residual base. */
    PISSA("pissa", new LoraFamilyInit(s -> s.svd() == null || s.svd().isExact() ? "pissa"
            : "pissa_niter_" + s.svd().niter()), null, false, false),
    /** MiLoRA (Wang et al. 2024): rank K·r on the smallest singular triplets, residual base. */
    MILORA("milora", new LoraFamilyInit(s -> "milora"), null, false, false),
    /** OLoRA (Büyükakyüz 2024): rank K·r from a QR of the weight, residual base. */
    OLORA("olora", new LoraFamilyInit(s -> "olora"), null, false, false),
    /** LoRAMoE (Dou et al. 2024): K random-init experts of rank r (B = 0) and a token router. */
    LORAMOE("loramoe", new RandomExperts(), RouterType.TOKEN, false, true),
    /** BADIT's SVD experts and router without the DOG regrouping (the ablation). */
    BADIT_NODOG("badit-nodog", new SvdExperts(), null, false, false),
    /** BADIT: K orthogonal SVD experts, a router, and DOG regrouping during training. */
    BADIT("badit", new SvdExperts(), null, true, false),
    /**
     * The "w/o BAD" ablation: LoRAMoE's random experts (B = 0, base unchanged) with BADIT's router and DOG, so the
     * effect of the SVD decomposition can be told apart from that of the regrouping.
     */
    BADIT_NOBAD("badit-nobad", new RandomExperts(), null, true, true);

    private final String id;
    private final AdapterInitializer initializer;
    private final RouterType fixedRouter;
    private final boolean usesDog;
    private final boolean keepsPretrainedBase;

    /**
     * Declares a method: everything about it lives in this one line (plus its initializer's class).
     *
     * @param id the name in configs, commands and reports
     * @param initializer how a target linear layer becomes this method's adapted layer
     * @param fixedRouter the router the method always uses (LoRAMoE: token), or null when the config's applies
     *     (expert methods) or none does (LoRA family)
     * @param usesDog whether DOG regroups the experts during training
     * @param keepsPretrainedBase whether the adapter starts from random weights (B = 0) over the unchanged base
     */
    Method(String id, AdapterInitializer initializer, RouterType fixedRouter, boolean usesDog,
            boolean keepsPretrainedBase) {
        this.id = id;
        this.initializer = initializer;
        this.fixedRouter = fixedRouter;
        this.usesDog = usesDog;
        this.keepsPretrainedBase = keepsPretrainedBase;
    }

    /**
     * Returns how a target linear layer becomes this method's adapted layer.
     *
     * @return the initializer
     */
    public AdapterInitializer initializer() {
        return initializer;
    }

    /**
     * Returns the router this method always uses, whatever the config says.
     *
     * @return the router type, or null when the config's router applies
     */
    public RouterType fixedRouter() {
        return fixedRouter;
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
        return !(initializer instanceof LoraFamilyInit);
    }

    /**
     * Returns whether the method regroups its experts with DOG during training.
     *
     * @return true for BADIT and its w/o-BAD ablation
     */
    public boolean usesDog() {
        return usesDog;
    }

    /**
     * Returns whether the adapter starts from random weights with B = 0 over the unchanged pretrained base (no SVD, no
     * residual).
     *
     * @return true for LoRA, LoRAMoE and BADIT w/o BAD
     */
    public boolean keepsPretrainedBase() {
        return keepsPretrainedBase;
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
