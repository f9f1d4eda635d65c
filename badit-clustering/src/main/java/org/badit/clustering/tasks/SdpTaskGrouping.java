package org.badit.clustering.tasks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Task-affinity grouping by the SDP relaxation of the seed paper ("Approximate Clustering for Extracting Task
 * Relationships in Multi-Instruction Tuning"):
 * <pre>  max ⟨T, X⟩  s.t.  X ⪰ 0,  X ≥ 0 entrywise,  Tr X = k,  X·1 = 1</pre>
 * whose integral solutions are exactly the k-cluster partitions (X_ij = 1/|C| within a cluster C, 0 across).
 *
 * <p>Solver: consensus ADMM on three copies of X — the affine set {symmetric, X·1 = 1, Tr X = k} (closed-form
 * projection, see {@link #projectAffine}), the PSD cone (eigendecomposition with Commons Math, clamping negative
 * eigenvalues; fine up to a few hundred tasks) and the nonnegative orthant. T is symmetrized and scaled to max
 * |T_ij| = 1 (the optimum does not change).
 *
 * <p>Rounding: the graph of entries X_ij &gt; 1/n; greedily take the unassigned task with the largest mass on
 * unassigned neighbours together with those neighbours as one cluster, until every task is assigned. The number of
 * clusters found can differ from k when the relaxation is not tight.
 *
 * <p>Adaptive mode ({@link #groupAdaptively}): tasks arrive in batches; each batch is solved jointly with one
 * aggregated node per existing cluster (mean affinities), new tasks join the existing cluster they are grouped
 * with (the most affine one if several) and groups without an existing cluster become new clusters.
 */
public final class SdpTaskGrouping {

    private final int clusters;
    private final double rho;
    private final int maxIterations;
    private final double tolerance;

    private SdpTaskGrouping(Builder b) {
        this.clusters = b.clusters;
        this.rho = b.rho;
        this.maxIterations = b.maxIterations;
        this.tolerance = b.tolerance;
    }

    /**
     * Starts a builder.
     *
     * @return a builder; {@link Builder#setClusters(int)} is required
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Solves the relaxation.
     *
     * @param affinity {@code n × n} task affinities T (T_ij: how much training on j helps i), finite
     * @return the relaxed solution X ({@code n × n}, symmetric, nonnegative, approximately PSD and feasible)
     */
    public double[][] relax(double[][] affinity) {
        return relax(affinity, clusters);
    }

    private double[][] relax(double[][] affinity, int k) {
        AffinityMatrices.check(affinity, k);
        int n = affinity.length;
        double[][] t = AffinityMatrices.symmetrize(affinity);
        double scale = 0;
        for (double[] row : t) {
            for (double v : row) {
                scale = Math.max(scale, Math.abs(v));
            }
        }
        if (scale > 0) {
            for (double[] row : t) {
                for (int j = 0; j < n; j++) {
                    row[j] /= scale;
                }
            }
        }
        double[][] x = new double[n][n];
        double[][] y = new double[n][n];
        double[][] z = new double[n][n];
        double[][] uy = new double[n][n];
        double[][] uz = new double[n][n];
        for (int i = 0; i < n; i++) { // start from the uniform feasible point's neighbourhood
            Arrays.fill(y[i], 1.0 / n);
            Arrays.fill(z[i], 1.0 / n);
        }
        double[][] v = new double[n][n];
        for (int it = 0; it < maxIterations; it++) {
            // X-step: minimize −⟨T,X⟩ + ρ/2‖X − Y + U_y‖² + ρ/2‖X − Z + U_z‖² over the affine set.
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    v[i][j] = 0.5 * (y[i][j] - uy[i][j] + z[i][j] - uz[i][j]) + t[i][j] / (2 * rho);
                }
            }
            x = projectAffine(AffinityMatrices.symmetrize(v), k);
            double[][] yOld = y;
            double[][] zOld = z;
            double[][] xy = new double[n][n];
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    xy[i][j] = x[i][j] + uy[i][j];
                }
            }
            y = projectPsd(xy);
            z = new double[n][n];
            double primal = 0;
            double dual = 0;
            double norm = 0;
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    z[i][j] = Math.max(x[i][j] + uz[i][j], 0);
                    uy[i][j] += x[i][j] - y[i][j];
                    uz[i][j] += x[i][j] - z[i][j];
                    primal += sq(x[i][j] - y[i][j]) + sq(x[i][j] - z[i][j]);
                    dual += sq(y[i][j] - yOld[i][j]) + sq(z[i][j] - zOld[i][j]);
                    norm += sq(x[i][j]);
                }
            }
            if (it > 10 && Math.sqrt(primal) <= tolerance * Math.max(1, Math.sqrt(norm))
                    && rho * Math.sqrt(dual) <= tolerance * Math.max(1, Math.sqrt(norm))) {
                break;
            }
        }
        // Report the nonnegative copy, symmetrized: the rounding reads its entries.
        return AffinityMatrices.symmetrize(z);
    }

    private static double sq(double a) {
        return a * a;
    }

    /**
     * Euclidean projection of a symmetric matrix onto {X symmetric : X·1 = 1, Tr X = k}: subtract
     * {@code (a·1ᵀ + 1·aᵀ)/2 + b·I} with (a, b) from the 2 × 2-reducible normal equations.
     */
    static double[][] projectAffine(double[][] x, int k) {
        int n = x.length;
        double[] e = new double[n];
        double sumE = 0;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                e[i] += x[i][j];
            }
            e[i] -= 1;
            sumE += e[i];
            trace += x[i][i];
        }
        double f = trace - k;
        double b = n > 1 ? (f - sumE / n) / (n - 1) : f - sumE;
        double s = sumE / n - b;
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = n > 1 ? (2.0 / n) * (e[i] - (s / 2 + b)) : 0;
        }
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                out[i][j] = x[i][j] - 0.5 * (a[i] + a[j]) - (i == j ? b : 0);
            }
        }
        return out;
    }

    /** Projection onto the PSD cone: clamp negative eigenvalues. */
    static double[][] projectPsd(double[][] x) {
        int n = x.length;
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(x, false));
        double[] values = eig.getRealEigenvalues();
        RealMatrix vecs = eig.getV();
        double[][] out = new double[n][n];
        for (int m = 0; m < n; m++) {
            double lambda = values[m];
            if (lambda <= 0) {
                continue;
            }
            double[] col = vecs.getColumn(m);
            for (int i = 0; i < n; i++) {
                double ci = lambda * col[i];
                for (int j = 0; j < n; j++) {
                    out[i][j] += ci * col[j];
                }
            }
        }
        return out;
    }

    /**
     * Rounds a relaxed solution: threshold X_ij &gt; 1/n, greedy extraction of the densest row.
     *
     * @param x relaxed solution {@code n × n}
     * @return labels in [0, number of clusters found)
     */
    public static int[] round(double[][] x) {
        int n = x.length;
        double threshold = 1.0 / n;
        int[] labels = new int[n];
        Arrays.fill(labels, -1);
        int next = 0;
        for (int assigned = 0; assigned < n;) {
            int bestRow = -1;
            double bestMass = -1;
            for (int i = 0; i < n; i++) {
                if (labels[i] != -1) {
                    continue;
                }
                double mass = 0;
                for (int j = 0; j < n; j++) {
                    if (labels[j] == -1 && x[i][j] > threshold) {
                        mass += x[i][j];
                    }
                }
                if (mass > bestMass) {
                    bestMass = mass;
                    bestRow = i;
                }
            }
            labels[bestRow] = next;
            assigned++;
            for (int j = 0; j < n; j++) {
                if (labels[j] == -1 && x[bestRow][j] > threshold) {
                    labels[j] = next;
                    assigned++;
                }
            }
            next++;
        }
        return labels;
    }

    /**
     * Groups tasks: relaxation then rounding.
     *
     * @param affinity {@code n × n}
     * @return labels in [0, clusters found)
     */
    public int[] group(double[][] affinity) {
        return round(relax(affinity));
    }

    /**
     * Adaptive mode: tasks 0..n−1 arrive in order, {@code batchSize} at a time; the first batch is grouped alone,
     * each later one jointly with one aggregated node per existing cluster.
     *
     * @param affinity {@code n × n} over all tasks
     * @param batchSize tasks per batch, ≥ 1
     * @return labels in [0, clusters found)
     */
    public int[] groupAdaptively(double[][] affinity, int batchSize) {
        AffinityMatrices.check(affinity, Math.min(clusters, affinity.length));
        return groupAdaptively(AffinityOracle.of(affinity), affinity.length, batchSize).labels();
    }

    /**
     * What the adaptive mode found and what it asked for.
     *
     * @param labels labels in [0, clusters found)
     * @param affinity {@code n × n}: entry (i, j) is the affinity of the nodes that held i and j when the later of
     *     the two arrived (a cluster's aggregate when the earlier one was already grouped), so it is the matrix the
     *     grouping saw, not a full measurement
     * @param evaluations node pairs asked of the oracle, Σ over batches of (clusters + new tasks)²
     */
    public record Adaptive(int[] labels, double[][] affinity, long evaluations) {}

    /**
     * Adaptive mode over an oracle: each batch asks the oracle only for the affinities between the existing clusters
     * (one node each) and the new tasks, never between two tasks already grouped.
     *
     * @param oracle affinities between groups of tasks
     * @param n tasks
     * @param batchSize tasks per batch, ≥ 1
     * @return the labels, the affinities seen and the number of node pairs evaluated
     */
    public Adaptive groupAdaptively(AffinityOracle oracle, int n, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
        }
        if (n < 1) {
            throw new IllegalArgumentException("no tasks to group");
        }
        double[][] seen = new double[n][n];
        for (double[] row : seen) {
            Arrays.fill(row, Double.NaN);
        }
        long evaluations = 0;
        List<List<Integer>> groups = new ArrayList<>();
        for (int start = 0; start < n; start += batchSize) {
            int end = Math.min(n, start + batchSize);
            int m = groups.size();
            int size = m + (end - start);
            // Nodes 0..m−1: existing clusters; m..: the new tasks.
            List<List<Integer>> members = new ArrayList<>(groups);
            for (int task = start; task < end; task++) {
                members.add(List.of(task));
            }
            double[][] reduced = oracle.between(members);
            evaluations += (long) size * size;
            record(seen, members, reduced);
            int k = Math.min(Math.max(clusters, 1), size);
            int[] local = round(relax(reduced, k));
            merge(groups, members, reduced, local, m);
        }
        int[] labels = new int[n];
        for (int c = 0; c < groups.size(); c++) {
            for (int task : groups.get(c)) {
                labels[task] = c;
            }
        }
        return new Adaptive(labels, seen, evaluations);
    }

    /** Fills the task pairs a batch's node matrix covers for the first time. */
    private static void record(double[][] seen, List<List<Integer>> members, double[][] reduced) {
        for (int a = 0; a < members.size(); a++) {
            for (int b = 0; b < members.size(); b++) {
                for (int i : members.get(a)) {
                    for (int j : members.get(b)) {
                        if (Double.isNaN(seen[i][j])) {
                            seen[i][j] = reduced[a][b];
                        }
                    }
                }
            }
        }
    }

    /** New tasks join the existing cluster grouped with them (the most affine one if several), else form a new one. */
    private static void merge(List<List<Integer>> groups, List<List<Integer>> members, double[][] reduced,
            int[] local, int m) {
        int size = members.size();
        int found = Arrays.stream(local).max().orElse(-1) + 1;
        for (int c = 0; c < found; c++) {
            int target = -1;
            double bestAff = Double.NEGATIVE_INFINITY;
            List<Integer> newcomers = new ArrayList<>();
            for (int node = 0; node < size; node++) {
                if (local[node] != c) {
                    continue;
                }
                if (node < m) {
                    double aff = 0;
                    for (int other = m; other < size; other++) {
                        if (local[other] == c) {
                            aff += reduced[other][node] + reduced[node][other];
                        }
                    }
                    if (aff > bestAff) {
                        bestAff = aff;
                        target = node;
                    }
                } else {
                    newcomers.add(members.get(node).get(0));
                }
            }
            if (newcomers.isEmpty()) {
                continue;
            }
            if (target == -1) {
                groups.add(new ArrayList<>(newcomers));
            } else {
                List<Integer> grown = new ArrayList<>(groups.get(target));
                grown.addAll(newcomers);
                groups.set(target, grown);
            }
        }
    }

    /** Builder in DJL style. */
    public static final class Builder {
        private int clusters = -1;
        private double rho = 1.0;
        private int maxIterations = 3000;
        private double tolerance = 1e-5;

        private Builder() {}

        /**
         * Sets k, the trace of X (required).
         *
         * @param k clusters
         * @return this
         */
        public Builder setClusters(int k) {
            this.clusters = k;
            return this;
        }

        /**
         * Sets the ADMM penalty ρ (T is scaled to max |T_ij| = 1). Default 1.
         *
         * @param r &gt; 0
         * @return this
         */
        public Builder optRho(double r) {
            this.rho = r;
            return this;
        }

        /**
         * Sets the ADMM iteration cap. Default 3000.
         *
         * @param n ≥ 1
         * @return this
         */
        public Builder optMaxIterations(int n) {
            this.maxIterations = n;
            return this;
        }

        /**
         * Sets the relative primal/dual residual tolerance. Default 1e-5.
         *
         * @param tol &gt; 0
         * @return this
         */
        public Builder optTolerance(double tol) {
            this.tolerance = tol;
            return this;
        }

        /**
         * Builds it.
         *
         * @return the grouping
         */
        public SdpTaskGrouping build() {
            if (clusters < 1 || !(rho > 0) || maxIterations < 1 || !(tolerance > 0)) {
                throw new IllegalArgumentException("setClusters(k >= 1) is required; rho, tolerance > 0");
            }
            return new SdpTaskGrouping(this);
        }
    }
}
