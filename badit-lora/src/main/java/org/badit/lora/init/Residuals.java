package org.badit.lora.init;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import org.badit.lora.nn.LoraLinear;

/** What PiSSA, MiLoRA and OLoRA share: factors from a decomposition, and the residual as the new frozen base. */
final class Residuals {

    private Residuals() {}

    /**
     * A copy of the base weight in the compute type (float32, or float64 for float64 weights), owned by the caller.
     */
    static NDArray computeCopy(LoraLinear layer) {
        NDArray w = layer.baseWeightArray();
        DataType type = w.getDataType() == DataType.FLOAT64 ? DataType.FLOAT64 : DataType.FLOAT32;
        // duplicate() clones; toType(type, true) aliases the input when the type is unchanged.
        return w.getDataType() == type ? w.duplicate() : w.toType(type, false);
    }

    /**
     * Splits singular triplets symmetrically: {@code B = U·sqrt(S/s)}, {@code A = sqrt(S/s)·Vh}, so that
     * {@code s·B·A = U·diag(S)·Vh}.
     */
    static NDArray[] fromTriplets(NDList usv, float scaling) {
        NDArray root = usv.get(1).div(scaling).sqrt();
        NDArray b = usv.get(0).mul(root.expandDims(0));
        NDArray a = root.expandDims(1).mul(usv.get(2));
        return new NDArray[] {a, b};
    }

    /** Sets A and B, remembers them as A0/B0, and makes {@code W − s·B·A} the frozen base. */
    static void apply(LoraLinear layer, NDArray w, NDArray a, NDArray b) {
        NDArray residual = w.sub(b.matMul(a).mul(layer.scaling()));
        layer.setLoraWeights(a, b);
        layer.setBaseWeight(residual);
        // Keep A0/B0 exactly as stored (after any cast to the layer's type), since that is what was subtracted.
        layer.setInitialFactors(layer.loraA().getArray(), layer.loraB().getArray());
    }
}
