package org.badit.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.badit.clustering.Partitions;
import org.badit.clustering.tasks.PlantedPartition;
import org.badit.clustering.tasks.SdpTaskGrouping;
import org.badit.clustering.tasks.SpectralClustering;
import org.badit.clustering.tasks.LloydKMeans;
import org.junit.jupiter.api.Test;

/** The task-grouping baselines of {@code bench-clustering} against the library's SDP grouping. */
class TaskGroupingBaselinesTest {

    @Test
    void sdpRecoversScaleDistortedPlantedPartitionsWhereLloydFails() {
        SdpTaskGrouping sdp = SdpTaskGrouping.builder().setClusters(4).build();
        double lloydTotal = 0;
        for (long seed = 1; seed <= 3; seed++) {
            PlantedPartition pp = PlantedPartition.generate(24, 4, 1.0, 0.0, 0.2, 10, seed);
            assertEquals(1.0, Partitions.adjustedRandIndex(pp.truth(), sdp.group(pp.affinity())), 1e-12,
                    "SDP, seed " + seed);
            lloydTotal += Partitions.adjustedRandIndex(pp.truth(),
                    LloydKMeans.builder().setClusters(4).build().cluster(pp.affinity()));
        }
        assertTrue(lloydTotal / 3 < 0.5, "Lloyd's on raw rows should be fooled by the scales: " + lloydTotal / 3);
    }

    @Test
    void spectralAndComparisonReportEveryMethod() {
        PlantedPartition pp = PlantedPartition.generate(20, 4, 1.0, 0.1, 0.2, 3, 9);
        assertEquals(1.0, Partitions.adjustedRandIndex(pp.truth(), new SpectralClustering(4, 1).cluster(pp.affinity())),
                1e-12);
        var result = TaskGroupingComparison.run(16, 4, 1.0, 0.0, 0.2, 10, 2, 1);
        assertEquals(java.util.List.of("sdp", "sdp_adaptive", "spectral", "lloyd"),
                new java.util.ArrayList<>(result.keySet()));
        assertTrue(result.get("sdp") > result.get("lloyd"));
    }
}
