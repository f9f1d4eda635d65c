package org.badit.lora.init;

import org.badit.lora.nn.LoraLinear;

/**
 * Sets the initial {@code A [r, in]} and {@code B [out, r]} of a {@link LoraLinear} and, for the SVD/QR-based
 * methods, replaces its frozen base weight by the residual {@code W − s·B·A} so the adapted layer still computes the
 * pretrained function at step 0.
 *
 * <p>One class per method; {@link #fromPeft(String)} maps PEFT's {@code init_lora_weights} values to them.
 */
public interface LoraInitializer {

    /**
     * Initializes the layer's LoRA factors (and base weight, for residual methods) in place, on the base weight's
     * device.
     *
     * @param layer the layer, freshly built (PEFT's default: A Kaiming-uniform, B = 0, the base untouched)
     * @param seed the seed of any randomness (per layer)
     */
    void initialize(LoraLinear layer, long seed);

    /**
     * Initializes a freshly built layer and records this method's name on it (for the exported adapter config).
     *
     * @param layer the layer, freshly built
     * @param seed the seed of any randomness (per layer)
     * @return the layer
     */
    default LoraLinear applyTo(LoraLinear layer, long seed) {
        initialize(layer, seed);
        layer.recordInitializer(peftName());
        return layer;
    }

    /**
     * Returns the value PEFT writes as {@code init_lora_weights} for this method.
     *
     * @return e.g. {@code true}, {@code gaussian}, {@code pissa}, {@code pissa_niter_4}, {@code milora}, {@code olora}
     */
    String peftName();

    /**
     * Returns whether this method replaces the base weight by a residual.
     *
     * @return true for PiSSA, MiLoRA and OLoRA
     */
    default boolean modifiesBase() {
        return false;
    }

    /**
     * Maps a PEFT {@code init_lora_weights} value to an initializer.
     *
     * @param name {@code true}/{@code kaiming}, {@code gaussian}, {@code pissa}, {@code pissa_niter_K},
     *     {@code milora}, {@code olora}
     * @return the initializer
     * @throws IllegalArgumentException for any other value, listing the accepted ones
     */
    static LoraInitializer fromPeft(String name) {
        String n = name == null ? "" : name.trim().toLowerCase(java.util.Locale.ROOT);
        if (n.equals("true") || n.equals("kaiming")) {
            return new KaimingInit();
        }
        if (n.equals("gaussian")) {
            return new GaussianInit();
        }
        if (n.equals("pissa")) {
            return new PissaInit(SvdMethod.exact());
        }
        if (n.startsWith("pissa_niter_")) {
            String k = n.substring("pissa_niter_".length());
            try {
                return new PissaInit(SvdMethod.randomized(Integer.parseInt(k)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("init_lora_weights '" + name + "': '" + k
                        + "' is not a number of power iterations", e);
            }
        }
        if (n.equals("milora")) {
            return new MiloraInit();
        }
        if (n.equals("olora")) {
            return new OloraInit();
        }
        throw new IllegalArgumentException("init_lora_weights '" + name + "' is not supported; use one of true, "
                + "gaussian, pissa, pissa_niter_<K>, milora, olora");
    }
}
