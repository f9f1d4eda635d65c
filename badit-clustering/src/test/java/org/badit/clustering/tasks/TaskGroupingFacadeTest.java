package org.badit.clustering.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.badit.clustering.Partitions;
import org.junit.jupiter.api.Test;

/** {@link TaskGrouping}: k chosen by the silhouette, every method, the adaptive mode's savings, bad k. */
class TaskGroupingFacadeTest {

    private static final PlantedPartition PP = PlantedPartition.generate(12, 3, 1.0, 0.0, 0.1, 1, 5);

    @Test
    void silhouetteChoosesThePlantedKAndEveryMethodRecoversIt() {
        for (GroupingMethod m : GroupingMethod.values()) {
            TaskGrouping.Result r = TaskGrouping.builder().setMethod(m).build().group(AffinityOracle.of(PP.affinity()),
                    12);
            assertEquals(3, r.clusters(), m + ": " + r.criterion());
            assertEquals(1.0, Partitions.adjustedRandIndex(PP.truth(), r.labels()), 1e-12, m.id());
            assertTrue(r.silhouette() > 0.5, m + " silhouette " + r.silhouette());
        }
    }

    @Test
    void adaptiveModeAsksForFewerPairsThanTheFullMatrix() {
        TaskGrouping.Result r = TaskGrouping.builder().setMethod(GroupingMethod.SDP_ADAPTIVE).optClusters(3)
                .optBatchSize(4).build().group(AffinityOracle.of(PP.affinity()), 12);
        // Batches of 4: 4², then (3 clusters + 4)² twice at most.
        assertTrue(r.evaluations() < r.fullEvaluations(), r.evaluations() + " vs " + r.fullEvaluations());
        assertEquals(144, r.fullEvaluations());
        assertEquals(1.0, Partitions.adjustedRandIndex(PP.truth(), r.labels()), 1e-12);
        for (double[] row : r.affinity()) {
            for (double v : row) {
                assertTrue(Double.isFinite(v), "every pair covered once");
            }
        }
    }

    @Test
    void oneShotObjectiveMatchesTheDefinition() {
        double[][] t = {{1, 0.5, -1}, {0.5, 1, -1}, {-1, -1, 1}};
        assertEquals((1 + 0.5 + 0.5 + 1) / 2.0 + 1, TaskGrouping.objective(t, new int[] {0, 0, 1}), 1e-12);
    }

    @Test
    void kLargerThanTheTasksIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TaskGrouping.builder()
                .setMethod(GroupingMethod.SDP).optClusters(13).build().group(AffinityOracle.of(PP.affinity()), 12));
        assertTrue(e.getMessage().contains("exceeds the number of tasks 12"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> GroupingMethod.parse("kmeans"));
        assertEquals(GroupingMethod.SDP_ADAPTIVE, GroupingMethod.parse("sdp-adaptive"));
    }
}
