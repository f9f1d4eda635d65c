package org.badit.examples.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.badit.clustering.Partitions;
import org.badit.clustering.tasks.PlantedPartition;
import org.badit.clustering.tasks.SdpTaskGrouping;
import org.badit.clustering.tasks.SpectralClustering;
import org.badit.clustering.tasks.LloydKMeans;

/**
 * Recovery of planted task partitions by SDP grouping, spectral clustering and Lloyd's k-means on the raw rows:
 * mean adjusted Rand index over trials.
 */
public final class TaskGroupingComparison {

    private TaskGroupingComparison() {}

    /**
     * Runs the comparison.
     *
     * @param n tasks
     * @param k clusters
     * @param p within-cluster affinity
     * @param q between-cluster affinity
     * @param noise σ
     * @param spread per-task scale spread
     * @param trials instances
     * @param seed seed
     * @return method → mean ARI ("sdp", "sdp_adaptive", "spectral", "lloyd")
     */
    public static Map<String, Double> run(int n, int k, double p, double q, double noise, double spread, int trials,
            long seed) {
        double sdp = 0;
        double adaptive = 0;
        double spectral = 0;
        double lloyd = 0;
        SdpTaskGrouping grouping = SdpTaskGrouping.builder().setClusters(k).build();
        for (int t = 0; t < trials; t++) {
            PlantedPartition pp = PlantedPartition.generate(n, k, p, q, noise, spread, seed + t);
            sdp += Partitions.adjustedRandIndex(pp.truth(), grouping.group(pp.affinity()));
            adaptive += Partitions.adjustedRandIndex(pp.truth(), grouping.groupAdaptively(pp.affinity(), n / 2));
            spectral += Partitions.adjustedRandIndex(pp.truth(), new SpectralClustering(k, seed).cluster(pp.affinity()));
            lloyd += Partitions.adjustedRandIndex(pp.truth(),
                    LloydKMeans.builder().setClusters(k).optSeed(seed).build().cluster(pp.affinity()));
        }
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("sdp", sdp / trials);
        out.put("sdp_adaptive", adaptive / trials);
        out.put("spectral", spectral / trials);
        out.put("lloyd", lloyd / trials);
        return out;
    }
}
