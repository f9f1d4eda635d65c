package org.badit.examples;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.badit.core.init.SvdExperts;
import org.badit.core.expert.BaditLinear;
import org.badit.core.expert.ExpertMetrics;
import org.badit.core.method.RouterType;
import org.badit.lora.engine.Engines;
import org.badit.lora.init.SvdMethod;

/**
 * Decomposes one weight matrix into BADIT experts and inspects them: what each expert holds of the spectrum, how
 * orthogonal they are, and that the residual plus the experts rebuild the weight.
 *
 * <pre>java -cp badit.jar org.badit.examples.InspectExperts</pre>
 */
public final class InspectExperts {

    private InspectExperts() {}

    /**
     * Runs the example.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        int experts = 4;
        int rank = 8;
        try (NDManager manager = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME)) {
            // A weight with a decaying spectrum, like a pretrained projection.
            NDArray u = manager.randomNormal(new Shape(512, 256));
            NDArray decay = manager.arange(256f).mul(-0.02f).exp();
            NDArray w = u.mul(decay.expandDims(0)).matMul(manager.randomNormal(new Shape(256, 384))).div(16f);

            BaditLinear layer = SvdExperts.split(w, null, experts, rank, 2f * rank, SvdMethod.exact(),
                    RouterType.STATIC.create(manager, experts, 384, 1), 0);

            NDArray energy = layer.expertsB().getArray().square().sum(new int[] {1, 2}); // [K]
            System.out.println("energy of each expert (‖B_k‖², descending singular values): "
                    + java.util.Arrays.toString(energy.toFloatArray()));
            System.out.printf("largest cosine between two experts' subspaces: %.2e%n",
                    ExpertMetrics.maxExpertCosine(layer));
            float err = w.sub(layer.baseWeightArray()).sub(layer.expertSum()).norm().getFloat() / w.norm().getFloat();
            System.out.printf("‖W − W_res − s·Σ B_k A_k‖ / ‖W‖ = %.2e%n", err);
            System.out.printf("residual keeps %.1f%% of ‖W‖%n",
                    100 * layer.baseWeightArray().norm().getFloat() / w.norm().getFloat());
        }
    }
}
