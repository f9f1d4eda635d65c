package org.badit.lora.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.badit.lora.linalg.Linalg;
import org.badit.lora.nn.LoraLinear;

/**
 * OLoRA (Büyükakyüz, "OLoRA: Orthonormal Low-Rank Adaptation of Large Language Models", arXiv 2406.01775), as PEFT's
 * {@code init_lora_weights="olora"}: the adapter starts from the first r columns of an orthonormal basis of W.
 *
 * <pre>
 *   W = Q·R  (reduced QR)                    Q [out, k] orthonormal, R [k, in] upper triangular
 *   B = Q[:, :r]        [out, r]              orthonormal columns
 *   A = R[:r, :]        [r, in]
 *   W_res = W − s·B·A                         the new frozen base
 * </pre>
 */
public final class OloraInit implements LoraInitializer {

    /** {@inheritDoc} */
    @Override
    public void initialize(LoraLinear layer, long seed) {
        try (NDManager sub = layer.manager().newSubManager()) {
            NDArray w = Residuals.computeCopy(layer);
            w.attach(sub);
            NDList qr = Linalg.qr(w);
            int r = layer.rank();
            NDArray b = qr.get(0).get(":, :" + r);
            NDArray a = qr.get(1).get(":" + r + ", :");
            Residuals.apply(layer, w, a, b);
        }
    }

    /** {@inheritDoc} */
    @Override
    public String peftName() {
        return "olora";
    }

    /** {@inheritDoc} */
    @Override
    public boolean modifiesBase() {
        return true;
    }
}
