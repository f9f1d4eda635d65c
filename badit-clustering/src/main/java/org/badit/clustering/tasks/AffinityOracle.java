package org.badit.clustering.tasks;

import java.util.List;

/**
 * Task affinities computed on demand, between groups of tasks: what the adaptive grouping asks for, so that an
 * expensive estimator (a few training steps per source group) runs only on the groups it is asked about.
 */
@FunctionalInterface
public interface AffinityOracle {

    /**
     * The affinities between groups of tasks.
     *
     * @param groups {@code m} non-empty groups of task indices (a singleton is one task)
     * @return {@code m × m}: entry {@code [a][b]} is how much training on group b helps group a
     */
    double[][] between(List<List<Integer>> groups);

    /**
     * The oracle of a known {@code n × n} matrix: a group's affinity is the mean over its members' pairs.
     *
     * @param affinity {@code n × n}
     * @return the oracle
     */
    static AffinityOracle of(double[][] affinity) {
        return groups -> {
            int m = groups.size();
            double[][] reduced = new double[m][m];
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    double sum = 0;
                    for (int i : groups.get(a)) {
                        for (int j : groups.get(b)) {
                            sum += affinity[i][j];
                        }
                    }
                    reduced[a][b] = sum / (groups.get(a).size() * groups.get(b).size());
                }
            }
            return reduced;
        };
    }
}
