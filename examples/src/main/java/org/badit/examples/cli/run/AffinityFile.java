package org.badit.examples.cli.run;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The measured affinity matrix of a previous {@code groups.json} ({@code tasks}, {@code affinity}, {@code estimator}),
 * so {@code group-tasks --affinity FILE} can group again with another method or k without measuring again.
 */
final class AffinityFile {

    private AffinityFile() {}

    /**
     * A matrix read back.
     *
     * @param affinity {@code n × n} in the order of the tasks asked for
     * @param estimator how it was measured
     */
    record Measured(double[][] affinity, GroupTasksRun.Estimator estimator) {}

    /**
     * Reads the matrix, reordered to {@code names}.
     *
     * @param file a groups.json
     * @param names the data's tasks; the file must hold exactly these
     * @return the matrix
     * @throws IllegalArgumentException naming the file and field of the first problem
     */
    static Measured read(Path file, List<String> names) {
        JsonObject root;
        try {
            root = JsonParser.parseString(Files.readString(GroupTasksRun.groupsFile(file))).getAsJsonObject();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a groups.json of group-tasks (" + e.getMessage() + ")",
                    e);
        }
        List<String> tasks = new ArrayList<>();
        try {
            root.getAsJsonArray("tasks").forEach(t -> tasks.add(t.getAsString()));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": field 'tasks' must be a list of task names", e);
        }
        if (!new java.util.HashSet<>(tasks).equals(new java.util.HashSet<>(names)) || tasks.size() != names.size()) {
            throw new IllegalArgumentException(file + ": field 'tasks' holds " + tasks.size() + " tasks that are not "
                    + "the data's " + names.size() + " (" + names + ")");
        }
        int n = names.size();
        double[][] t = new double[n][n];
        JsonElement matrix = root.get("affinity");
        try {
            JsonArray rows = matrix.getAsJsonArray();
            for (int i = 0; i < n; i++) {
                JsonArray row = rows.get(tasks.indexOf(names.get(i))).getAsJsonArray();
                for (int j = 0; j < n; j++) {
                    t[i][j] = row.get(tasks.indexOf(names.get(j))).getAsDouble();
                    if (!Double.isFinite(t[i][j])) {
                        throw new IllegalArgumentException("not finite");
                    }
                }
            }
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(file + ": field 'affinity' must be a " + n + " x " + n + " matrix of "
                    + "finite numbers (" + e.getMessage() + ")", e);
        }
        String estimator = root.has("estimator") ? root.get("estimator").getAsString() : "gradient";
        return new Measured(t, GroupTasksRun.Estimator.parse(estimator));
    }
}
