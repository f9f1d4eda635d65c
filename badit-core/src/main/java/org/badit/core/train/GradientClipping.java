package org.badit.core.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.Collection;

/**
 * Clipping by the global L2 norm of all gradients together ({@code torch.nn.utils.clip_grad_norm_}); DJL only clamps
 * each element.
 */
public final class GradientClipping {

    private GradientClipping() {}

    /**
     * Scales every gradient in place so that their joint L2 norm is at most {@code maxNorm}.
     *
     * <p>The scale is computed and applied on the device; the returned norm is a 0-d array so the caller decides
     * when (if ever) to bring it to the host.
     *
     * @param gradients the gradients, on one device
     * @param maxNorm the bound; {@code <= 0} or infinite measures without clipping
     * @return the global norm before clipping, a 0-d float32 array
     */
    public static NDArray clipGlobalNorm(Collection<NDArray> gradients, float maxNorm) {
        NDList squares = new NDList();
        for (NDArray g : gradients) {
            squares.add(g.square().sum());
        }
        NDArray norm = squares.size() == 1 ? squares.head().sqrt() : NDArrays.stack(squares).sum().sqrt();
        squares.close();
        if (maxNorm > 0 && Float.isFinite(maxNorm)) {
            // min(1, max / (norm + 1e-6)), as PyTorch; a device scalar, so no host round trip.
            try (NDArray scale = norm.add(1e-6f).pow(-1).muli(maxNorm).minimum(1f)) {
                for (NDArray g : gradients) {
                    g.muli(scale);
                }
            }
        }
        return norm;
    }
}
