package org.badit.clustering.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.badit.clustering.Partitions;
import org.junit.jupiter.api.Test;

class TaskGroupingTest {

    @Test
    void relaxedSolutionIsFeasible() {
        PlantedPartition pp = PlantedPartition.generate(18, 3, 1.0, 0.3, 0.5, 3, 4);
        double[][] x = SdpTaskGrouping.builder().setClusters(3).build().relax(pp.affinity());
        int n = x.length;
        double trace = 0;
        for (int i = 0; i < n; i++) {
            double row = 0;
            for (int j = 0; j < n; j++) {
                assertTrue(x[i][j] >= 0);
                assertEquals(x[i][j], x[j][i], 1e-12);
                row += x[i][j];
            }
            assertEquals(1.0, row, 1e-3, "row " + i);
            trace += x[i][i];
        }
        assertEquals(3.0, trace, 1e-3);
        double min = java.util.Arrays.stream(
                new EigenDecomposition(new Array2DRowRealMatrix(x)).getRealEigenvalues()).min().getAsDouble();
        assertTrue(min > -1e-3, "min eigenvalue " + min);
    }

    @Test
    void affineProjectionSatisfiesConstraintsAndIsIdempotent() {
        Random r = new Random(3);
        int n = 7;
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                a[i][j] = a[j][i] = r.nextGaussian();
            }
        }
        double[][] p = SdpTaskGrouping.projectAffine(a, 2);
        double trace = 0;
        for (int i = 0; i < n; i++) {
            assertEquals(1.0, java.util.Arrays.stream(p[i]).sum(), 1e-12);
            trace += p[i][i];
        }
        assertEquals(2.0, trace, 1e-12);
        double[][] pp = SdpTaskGrouping.projectAffine(p, 2);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertEquals(p[i][j], pp[i][j], 1e-12);
            }
        }
        // Orthogonality of the residual to a feasible direction (difference of two feasible points).
        double[][] b = SdpTaskGrouping.projectAffine(SdpTaskGrouping.projectAffine(a, 2).clone(), 2);
        double[][] other = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                other[i][j] = other[j][i] = r.nextGaussian();
            }
        }
        double[][] q = SdpTaskGrouping.projectAffine(other, 2);
        double dot = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                dot += (a[i][j] - b[i][j]) * (q[i][j] - b[i][j]);
            }
        }
        assertEquals(0.0, dot, 1e-9);
    }

    @Test
    void adaptiveModeGrowsExistingClustersWithNewBatches() {
        PlantedPartition pp = PlantedPartition.generate(24, 4, 1.0, 0.1, 0.1, 1, 7);
        int[] labels = SdpTaskGrouping.builder().setClusters(4).build().groupAdaptively(pp.affinity(), 8);
        assertEquals(1.0, Partitions.adjustedRandIndex(pp.truth(), labels), 1e-12);
    }

    @Test
    void adjustedRandIndexKnownValues() {
        assertEquals(1.0, Partitions.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {1, 1, 0, 0}), 1e-12);
        // sklearn.metrics.adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714285714285715
        assertEquals(0.5714285714285715, Partitions.adjustedRandIndex(new int[] {0, 0, 1, 1},
                new int[] {0, 0, 1, 2}), 1e-12);
        // sklearn.metrics.adjusted_rand_score([0, 0, 1, 2], [0, 0, 1, 1]) = 0.5714285714285715 (symmetric)
        // and adjusted_rand_score([0, 0, 1, 1], [0, 1, 0, 1]) = -0.5
        assertEquals(-0.5, Partitions.adjustedRandIndex(new int[] {0, 0, 1, 1}, new int[] {0, 1, 0, 1}), 1e-12);
    }

    @Test
    void badAffinityMatricesAreRejected() {
        SdpTaskGrouping sdp = SdpTaskGrouping.builder().setClusters(2).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> sdp.group(new double[][] {{1, 0}, {0}}));
        assertTrue(e.getMessage().contains("square"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> sdp.group(new double[][] {{1, Double.NaN}, {0, 1}}));
        assertTrue(e.getMessage().contains("[0][1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> SdpTaskGrouping.builder().setClusters(3).build().group(new double[][] {{1, 0}, {0, 1}}));
        assertTrue(e.getMessage().contains("clusters k"), e.getMessage());
    }
}
