package org.badit.core.expert;

import org.badit.core.testing.TestEngine;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.badit.lora.engine.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class JointOrthogonalizationTest {

    private static final int G = 3;
    private static final int N = 6;
    private static final int IN = 11;
    private static final int OUT = 9;
    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = TestEngine.manager();
        Engines.pytorch().setRandomSeed(5);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    /** Σ_i c_i·b_i·a_iᵀ per layer: {@code [G, out, in]}. */
    private static NDArray update(NDArray aRows, NDArray bRows, NDArray c) {
        return bRows.transpose(0, 2, 1).mul(c.expandDims(1)).matMul(aRows);
    }

    private static float maxAbs(NDArray x) {
        return x.abs().max().getFloat();
    }

    @Test
    void theWeightedUpdateIsUnchangedAndTheComponentsBecomeOrthogonal() {
        NDArray a = manager.randomNormal(new Shape(G, N, IN));
        NDArray b = manager.randomNormal(new Shape(G, N, OUT));
        NDArray c = manager.create(new float[] {-2f, 3f, 1f, 0.5f, -0.7f, 1.2f}).expandDims(0).repeat(0, G);
        JointOrthogonalization.Result r = JointOrthogonalization.of(a, b, c);
        NDArray before = update(a, b, c);
        assertTrue(maxAbs(update(r.aRows(), r.bRows(), c).sub(before)) < 1e-4f * maxAbs(before));
        NDArray eye = manager.eye(N).expandDims(0);
        for (NDArray rows : new NDArray[] {r.aRows(), r.bRows()}) {
            NDArray gram = rows.matMul(rows.transpose(0, 2, 1));
            NDArray norms = gram.mul(eye).sum(new int[] {2}).sqrt(); // [G, N]
            NDArray cos = gram.div(norms.expandDims(2).mul(norms.expandDims(1)));
            assertTrue(maxAbs(cos.sub(eye)) < 1e-4f, "components not orthogonal: " + cos);
        }
    }

    @Test
    void theMapsCarryGradientsExactlyIntoTheNewBasis() {
        NDArray a = manager.randomNormal(new Shape(G, N, IN));
        NDArray b = manager.randomNormal(new Shape(G, N, OUT));
        NDArray c = manager.create(new float[] {-2f, 3f, 1f, 0.5f, -0.7f, 1.2f}).expandDims(0).repeat(0, G);
        NDArray dLdP = manager.randomNormal(new Shape(G, OUT, IN)); // any upstream gradient of the update
        JointOrthogonalization.Result r = JointOrthogonalization.of(a, b, c);
        // P = Bᵀrows·diag(c)·Arows ⇒ ∂L/∂Arows = diag(c)·Brows·G, ∂L/∂Brows = diag(c)·Arows·Gᵀ.
        NDArray gradA = b.mul(c.expandDims(2)).matMul(dLdP);
        NDArray gradB = a.mul(c.expandDims(2)).matMul(dLdP.transpose(0, 2, 1));
        NDArray newGradA = r.bRows().mul(c.expandDims(2)).matMul(dLdP);
        NDArray newGradB = r.aRows().mul(c.expandDims(2)).matMul(dLdP.transpose(0, 2, 1));
        assertTrue(maxAbs(r.mapA().matMul(gradA).sub(newGradA)) < 1e-3f * maxAbs(newGradA));
        assertTrue(maxAbs(r.mapB().matMul(gradB).sub(newGradB)) < 1e-3f * maxAbs(newGradB));
    }

    @Test
    void rankDeficientLayersAreLeftAlone() {
        NDArray a = manager.randomNormal(new Shape(G, N, IN));
        NDArray b = manager.zeros(new Shape(G, N, OUT)); // random experts at init: B = 0
        NDArray c = manager.ones(new Shape(G, N));
        JointOrthogonalization.Result r = JointOrthogonalization.of(a, b, c);
        assertTrue(maxAbs(r.aRows().sub(a)) == 0f);
        assertTrue(maxAbs(r.mapA().sub(manager.eye(N).expandDims(0))) == 0f);
    }

    @Test
    void componentsThatAreAlreadyOrthogonalStayInTheirSlots() {
        // Orthogonal rows with distinct norms, and weights that reorder the singular values: the result must be the
        // same components in the same slots (up to a sign shared by a and b), not the singular-value order.
        NDArray qa = org.badit.lora.linalg.Linalg.qr(manager.randomNormal(new Shape(G, IN, N))).get(0).transpose(0, 2, 1);
        NDArray qb = org.badit.lora.linalg.Linalg.qr(manager.randomNormal(new Shape(G, OUT, N))).get(0).transpose(0, 2, 1);
        NDArray scale = manager.create(new float[] {1f, 2f, 3f, 4f, 5f, 6f}).reshape(1, N, 1);
        NDArray a = qa.mul(scale);
        NDArray b = qb.mul(scale);
        NDArray c = manager.create(new float[] {3f, -1f, 0.5f, 2f, 1f, -0.25f}).expandDims(0).repeat(0, G);
        JointOrthogonalization.Result r = JointOrthogonalization.of(a, b, c);
        assertTrue(maxAbs(r.aRows().abs().sub(a.abs())) < 1e-4f, "A moved: " + r.aRows());
        assertTrue(maxAbs(r.bRows().abs().sub(b.abs())) < 1e-4f, "B moved: " + r.bRows());
        NDArray eye = manager.eye(N).expandDims(0);
        assertTrue(maxAbs(r.mapA().abs().sub(eye)) < 1e-3f, "map not ± identity: " + r.mapA());
    }

    @Test
    void aNearlyVanishedComponentDoesNotStopTheLayersReOrthogonalisation() {
        NDArray a = manager.randomNormal(new Shape(G, N, IN));
        NDArray b = manager.randomNormal(new Shape(G, N, OUT));
        // Component 2 of every layer has shrunk to 1e-6 of the others (what long training did to some layers).
        NDArray shrink = manager.create(new float[] {1f, 1f, 1e-6f, 1f, 1f, 1f}).reshape(1, N, 1);
        a = a.mul(shrink);
        b = b.mul(shrink);
        NDArray c = manager.ones(new Shape(G, N));
        JointOrthogonalization.Result r = JointOrthogonalization.of(a, b, c);
        NDArray before = update(a, b, c);
        assertTrue(maxAbs(update(r.aRows(), r.bRows(), c).sub(before)) < 1e-4f * maxAbs(before));
        // The large components are now mutually orthogonal (the tiny one's direction is whatever the SVD gives).
        NDArray big = r.bRows().get(":, 0:2").concat(r.bRows().get(":, 3:"), 1);
        NDArray gram = big.matMul(big.transpose(0, 2, 1));
        NDArray norms = gram.mul(manager.eye(N - 1).expandDims(0)).sum(new int[] {2}).sqrt();
        NDArray cos = gram.div(norms.expandDims(2).mul(norms.expandDims(1)));
        assertTrue(maxAbs(cos.sub(manager.eye(N - 1).expandDims(0))) < 1e-3f, "not orthogonal: " + cos);
        assertTrue(Float.isFinite(maxAbs(r.mapA())) && maxAbs(r.mapA()) < 1e4f, "map blew up: " + maxAbs(r.mapA()));
    }
}
