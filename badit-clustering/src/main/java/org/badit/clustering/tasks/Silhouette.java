package org.badit.clustering.tasks;

/**
 * The mean silhouette of a partition of tasks under an affinity matrix, the criterion {@link TaskGrouping} uses to
 * choose k: dissimilarity {@code d_ij = max S − S_ij} with {@code S = (T + Tᵀ)/2} off the diagonal (a task's
 * affinity to itself says nothing about its group), then Rousseeuw's {@code s(i) = (b − a) / max(a, b)}, 0 for a
 * task alone in its group. In [−1, 1]; higher means tighter, better separated groups.
 */
public final class Silhouette {

    private Silhouette() {}

    /**
     * The mean silhouette.
     *
     * @param affinity {@code n × n}, finite
     * @param labels one group per task, in [0, groups)
     * @return the mean over tasks; 0 when there is a single group
     */
    public static double of(double[][] affinity, int[] labels) {
        int n = affinity.length;
        double[][] s = AffinityMatrices.symmetrize(affinity);
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (i != j) {
                    max = Math.max(max, s[i][j]);
                }
            }
        }
        int groups = 0;
        for (int l : labels) {
            groups = Math.max(groups, l + 1);
        }
        if (groups < 2) {
            return 0;
        }
        double total = 0;
        for (int i = 0; i < n; i++) {
            double[] sum = new double[groups];
            int[] count = new int[groups];
            for (int j = 0; j < n; j++) {
                if (j != i) {
                    sum[labels[j]] += max - s[i][j];
                    count[labels[j]]++;
                }
            }
            if (count[labels[i]] == 0) {
                continue; // alone in its group: s(i) = 0
            }
            double a = sum[labels[i]] / count[labels[i]];
            double b = Double.POSITIVE_INFINITY;
            for (int g = 0; g < groups; g++) {
                if (g != labels[i] && count[g] > 0) {
                    b = Math.min(b, sum[g] / count[g]);
                }
            }
            double denominator = Math.max(a, b);
            total += denominator > 0 ? (b - a) / denominator : 0;
        }
        return total / n;
    }
}
