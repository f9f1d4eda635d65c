package org.badit.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The files a {@link ComparisonReport} wrote. A plot is {@code null} when there was nothing to draw (no method
 * logged a loss, or none logged expert angles) and no file was written for it.
 *
 * @param markdown {@code report.md}
 * @param json {@code report.json}
 * @param lossPlot {@code loss.png}, or {@code null}
 * @param rougePlot {@code rouge_per_task.png}
 * @param anglesPlot {@code expert_angles.png}, or {@code null}
 * @param accuracyPlots the heat maps of the accuracy matrices ({@code accuracy_matrix_<method>.png}), in the
 *     order they were added; empty when none were
 */
public record ReportFiles(Path markdown, Path json, Path lossPlot, Path rougePlot, Path anglesPlot,
        List<Path> accuracyPlots) {

    /** Freezes the list of heat maps. */
    public ReportFiles {
        accuracyPlots = accuracyPlots == null ? List.of() : List.copyOf(accuracyPlots);
    }

    /**
     * Returns every file written, in a stable order.
     *
     * @return the paths of the files that exist
     */
    public List<Path> all() {
        List<Path> out = new ArrayList<>();
        for (Path p : new Path[] {markdown, json, lossPlot, rougePlot, anglesPlot}) {
            if (p != null) {
                out.add(p);
            }
        }
        out.addAll(accuracyPlots);
        return Collections.unmodifiableList(out);
    }
}
