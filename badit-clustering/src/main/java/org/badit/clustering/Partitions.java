package org.badit.clustering;

import java.util.Arrays;

/** Host-side helpers on partitions: validation, agreement (adjusted Rand index), slot permutations. */
public final class Partitions {

    private Partitions() {}

    /**
     * Checks that K clusters can split N items evenly.
     *
     * @param n items
     * @param k clusters
     * @throws IllegalArgumentException naming the problem
     */
    public static void checkBalanced(int n, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("clusters K must be >= 1, got " + k);
        }
        if (k > n) {
            throw new IllegalArgumentException("clusters K = " + k + " exceeds the number of items N = " + n);
        }
        if (n % k != 0) {
            throw new IllegalArgumentException("balanced assignment needs N divisible by K, got N = " + n
                    + ", K = " + k + " (N % K = " + (n % k) + ")");
        }
    }

    /**
     * Whether each of K clusters holds exactly N/K items and every label lies in [0, K).
     *
     * @param labels cluster of each item
     * @param k clusters
     * @return true for a balanced partition
     */
    public static boolean isBalanced(int[] labels, int k) {
        if (k < 1 || labels.length % k != 0) {
            return false;
        }
        int[] count = new int[k];
        for (int l : labels) {
            if (l < 0 || l >= k) {
                return false;
            }
            count[l]++;
        }
        int c = labels.length / k;
        return Arrays.stream(count).allMatch(x -> x == c);
    }

    /**
     * Adjusted Rand index (Hubert–Arabie) of two labelings of the same items: 1 for identical partitions up to
     * renaming, about 0 for independent ones.
     *
     * @param a labels, any non-negative ints
     * @param b labels of the same items
     * @return ARI in [-1, 1]; 1 when both are the trivial one-cluster (or all-singleton) partition
     */
    public static double adjustedRandIndex(int[] a, int[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("labelings differ in length: " + a.length + " vs " + b.length);
        }
        int n = a.length;
        int ka = Arrays.stream(a).max().orElse(-1) + 1;
        int kb = Arrays.stream(b).max().orElse(-1) + 1;
        long[][] table = new long[ka][kb];
        long[] rows = new long[ka];
        long[] cols = new long[kb];
        for (int i = 0; i < n; i++) {
            table[a[i]][b[i]]++;
            rows[a[i]]++;
            cols[b[i]]++;
        }
        double index = 0;
        for (long[] r : table) {
            for (long x : r) {
                index += choose2(x);
            }
        }
        double sumRows = Arrays.stream(rows).mapToDouble(Partitions::choose2).sum();
        double sumCols = Arrays.stream(cols).mapToDouble(Partitions::choose2).sum();
        double expected = sumRows * sumCols / choose2(n);
        double max = (sumRows + sumCols) / 2;
        if (max == expected) {
            return 1.0;
        }
        return (index - expected) / (max - expected);
    }

    private static double choose2(long x) {
        return x * (x - 1) / 2.0;
    }

    /**
     * Turns a balanced partition into a permutation of N items over K expert slots of c = N/K each, moving as few
     * items as possible: slots {@code [k·c, (k+1)·c)} belong to expert k, and an item that stays in the expert
     * whose slots it occupied before (item i occupied slot i) keeps its slot; the others fill the free slots in
     * ascending order.
     *
     * @param labels balanced labels in [0, K)
     * @param k experts
     * @return {@code perm[s]}, the item that goes into slot s
     */
    public static int[] slotPermutation(int[] labels, int k) {
        int n = labels.length;
        if (!isBalanced(labels, k)) {
            throw new IllegalArgumentException("labels are not a balanced partition into " + k + " clusters: "
                    + Arrays.toString(labels));
        }
        int c = n / k;
        int[] perm = new int[n];
        Arrays.fill(perm, -1);
        boolean[] placed = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (labels[i] == i / c) {
                perm[i] = i;
                placed[i] = true;
            }
        }
        int[] next = new int[k];
        for (int e = 0; e < k; e++) {
            next[e] = e * c;
        }
        for (int i = 0; i < n; i++) {
            if (!placed[i]) {
                int e = labels[i];
                while (perm[next[e]] != -1) {
                    next[e]++;
                }
                perm[next[e]] = i;
            }
        }
        return perm;
    }

    /**
     * Renames cluster labels to maximize agreement with a reference labeling (an exact K × K assignment on the
     * overlap counts), so that a regroup moves as few items as possible.
     *
     * @param labels labels in [0, K) to rename
     * @param reference labels in [0, K) to agree with
     * @param k clusters
     * @return renamed labels
     */
    public static int[] alignTo(int[] labels, int[] reference, int k) {
        double[][] cost = new double[k][k];
        for (int i = 0; i < labels.length; i++) {
            cost[labels[i]][reference[i]] -= 1;
        }
        int[] rename = Hungarian.solve(cost);
        int[] out = new int[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = rename[labels[i]];
        }
        return out;
    }
}
