package org.badit.clustering.tasks;

import java.util.Arrays;
import java.util.Locale;

/** How {@link TaskGrouping} turns task affinities into groups. */
public enum GroupingMethod {
    /** The SDP relaxation over all n × n affinities, threshold rounding ({@link SdpTaskGrouping#group}). */
    SDP,
    /** The SDP in batches of new tasks against one node per existing cluster ({@link SdpTaskGrouping.Adaptive}). */
    SDP_ADAPTIVE,
    /** Normalized spectral clustering of the symmetrized, clipped affinities ({@link SpectralClustering}). */
    SPECTRAL,
    /** Lloyd's k-means on the raw rows of the affinity matrix ({@link LloydKMeans}). */
    LLOYD;

    /**
     * The command-line name: lower case, {@code -} for {@code _}.
     *
     * @return e.g. {@code sdp-adaptive}
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Parses a command-line name.
     *
     * @param s e.g. {@code sdp-adaptive}
     * @return the method
     * @throws IllegalArgumentException naming the choices
     */
    public static GroupingMethod parse(String s) {
        for (GroupingMethod m : values()) {
            if (m.id().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown grouping method '" + s + "' (choose from "
                + String.join(", ", Arrays.stream(values()).map(GroupingMethod::id).toList()) + ")");
    }
}
