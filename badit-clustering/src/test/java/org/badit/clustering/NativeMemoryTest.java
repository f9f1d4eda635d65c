package org.badit.clustering;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.lang.reflect.Field;
import java.util.Map;
import org.badit.lora.engine.Engines;
import org.junit.jupiter.api.Test;

/** Every temporary lives in a scoped sub-manager: repeated regroups leave nothing behind on the caller's manager. */
class NativeMemoryTest {

    private static int live(NDManager manager) throws ReflectiveOperationException {
        Field f = BaseNDManager.class.getDeclaredField("resources");
        f.setAccessible(true);
        return ((Map<?, ?>) f.get(manager)).size();
    }

    @Test
    void regroupsDoNotAccumulateArrays() throws ReflectiveOperationException {
        try (NDManager base = NDManager.newBaseManager(Engines.defaultDevice(), Engines.ENGINE_NAME);
                NDManager manager = base.newSubManager()) {
            NDArray x = manager.randomNormal(new Shape(3, 16, 32));
            Regrouper regrouper = Regrouper.builder().setClusters(4).build();
            regrouper.regroup(x);
            int before = live(manager);
            for (int i = 0; i < 5; i++) {
                regrouper.regroup(x);
            }
            assertEquals(before, live(manager));
            // Strategies return exactly their result arrays; device assignment likewise returns one array.
            SphericalKMeans km = SphericalKMeans.builder().setClusters(4).optSignInvariant(true).build();
            KMeansResult r = km.fit(x);
            assertEquals(before + 3, live(manager));
            r.assignments().close();
            r.centroids().close();
            r.objective().close();
            NDArray scores = manager.randomUniform(0, 1, new Shape(3, 16, 4));
            int withScores = live(manager);
            BalancedAssignment.builder().setClusters(4).optBackend(BalancedAssignment.Backend.DEVICE).build()
                    .assign(scores).close();
            assertEquals(withScores, live(manager));
        }
    }
}
