package org.badit.core.expert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.badit.core.testing.TestEngine;
import org.badit.lora.engine.Engines;
import org.badit.lora.linalg.Linalg;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class NearestOrthogonalizationTest {

    private static final int G = 3;
    private static final int N = 6;
    private static final int D = 11;
    private static NDManager manager;

    @BeforeAll
    static void setUp() {
        manager = TestEngine.manager();
        Engines.pytorch().setRandomSeed(11);
    }

    @AfterAll
    static void tearDown() {
        manager.close();
    }

    private static float maxAbs(NDArray x) {
        return x.abs().max().getFloat();
    }

    private static NDArray cosines(NDArray rows) {
        NDArray unit = rows.div(rows.norm(new int[] {2}, true));
        return unit.matMul(unit.transpose(0, 2, 1));
    }

    /** Orthonormal rows {@code [G, N, D]} (from a QR), scaled per row. */
    private static NDArray orthogonalRows() {
        NDArray q = Linalg.qr(manager.randomNormal(new Shape(G, D, N))).get(0).transpose(0, 2, 1);
        return q.mul(manager.randomUniform(0.5f, 3f, new Shape(G, N, 1)));
    }

    @Test
    void rowsBecomeOrthogonalAndKeepTheirNorms() {
        NDArray rows = manager.randomNormal(new Shape(G, N, D));
        NDList r = NearestOrthogonalization.nearest(rows);
        NDArray eye = manager.eye(N).expandDims(0);
        assertTrue(maxAbs(cosines(r.get(0)).sub(eye)) < 1e-4f, "not orthogonal: " + cosines(r.get(0)));
        NDArray before = rows.norm(new int[] {2});
        assertTrue(maxAbs(r.get(0).norm(new int[] {2}).sub(before)) < 1e-4f * maxAbs(before));
    }

    @Test
    void theChangeIsOfTheOrderOfTheDriftFromOrthogonal() {
        NDArray orthogonal = orthogonalRows();
        for (float drift : new float[] {1e-2f, 1e-3f}) {
            NDArray drifted = orthogonal.add(manager.randomNormal(new Shape(G, N, D)).mul(drift));
            float change = maxAbs(NearestOrthogonalization.nearest(drifted).get(0).sub(drifted));
            float moved = maxAbs(drifted.sub(orthogonal));
            // The nearest orthogonal set is at most as far as the orthogonal set the rows drifted from (up to the
            // norm rescale), so the change is of the order of the drift, not of the rows.
            assertTrue(change < 3 * moved, "drift " + drift + ": changed by " + change + ", drifted by " + moved);
        }
        NDArray unchanged = NearestOrthogonalization.nearest(orthogonal).get(0);
        assertTrue(maxAbs(unchanged.sub(orthogonal)) < 1e-5f * maxAbs(orthogonal), "orthogonal rows moved");
    }

    @Test
    void theMapCarriesGradientsExactlyIntoTheNewRows() {
        NDArray rows = manager.randomNormal(new Shape(G, N, D));
        NDArray upstream = manager.randomNormal(new Shape(G, N, D));
        NDList r = NearestOrthogonalization.nearest(rows);
        // New rows are P·rows, so L(rows) = L'(P⁻¹·rows'): for L = ⟨H, rows⟩, ∂L/∂rows' = P⁻ᵀ·H.
        NDArray p = Linalg.solve(rows.matMul(rows.transpose(0, 2, 1)), rows.matMul(r.get(0).transpose(0, 2, 1)))
                .transpose(0, 2, 1); // P = rows'·rowsᵀ·(rows·rowsᵀ)⁻¹ (exact since rows' lies in rows' span)
        NDArray expected = Linalg.solve(p.transpose(0, 2, 1), upstream);
        NDArray mapped = r.get(1).matMul(upstream);
        assertTrue(maxAbs(mapped.sub(expected)) < 1e-3f * maxAbs(expected), "map differs by "
                + maxAbs(mapped.sub(expected)));
    }

    @Test
    void aSideWithAZeroComponentIsLeftAlone() {
        NDArray rows = manager.randomNormal(new Shape(G, N, D));
        rows.set(new ai.djl.ndarray.index.NDIndex("1, 2"), 0f); // layer 1 has a zero component (B of random experts)
        NDList r = NearestOrthogonalization.nearest(rows);
        assertEquals(0f, maxAbs(r.get(0).get(1).sub(rows.get(1))));
        assertEquals(0f, maxAbs(r.get(1).get(1).sub(manager.eye(N))));
        assertTrue(maxAbs(cosines(r.get(0).get("0:1")).sub(manager.eye(N).expandDims(0))) < 1e-4f);
    }
}
