package org.badit.examples.report;

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
 * @param expertCosinePlot a study's {@code expert_cosine.png}, or {@code null} without a study or when no row logged
 *     expert cosines
 * @param studyPlots the seeded study's per-task ROUGE-L with error bars, {@code rouge_per_task_<paradigm>.png},
 *     one per paradigm with per-task scores; empty without a study
 * @param rowAnglePlots a study's angle plot per row that logged angles, {@code expert_angles_<row>.png}; empty
 *     without a study
 */
public record ReportFiles(Path markdown, Path json, Path lossPlot, Path rougePlot, Path anglesPlot,
        List<Path> accuracyPlots, Path expertCosinePlot, List<Path> studyPlots, List<Path> rowAnglePlots) {

    /** Freezes the lists. */
    public ReportFiles {
        accuracyPlots = accuracyPlots == null ? List.of() : List.copyOf(accuracyPlots);
        studyPlots = studyPlots == null ? List.of() : List.copyOf(studyPlots);
        rowAnglePlots = rowAnglePlots == null ? List.of() : List.copyOf(rowAnglePlots);
    }

    /**
     * The files of a report without a study's plots.
     *
     * @param markdown {@code report.md}
     * @param json {@code report.json}
     * @param lossPlot {@code loss.png}, or null
     * @param rougePlot {@code rouge_per_task.png}
     * @param anglesPlot {@code expert_angles.png}, or null
     * @param accuracyPlots the heat maps
     */
    public ReportFiles(Path markdown, Path json, Path lossPlot, Path rougePlot, Path anglesPlot,
            List<Path> accuracyPlots) {
        this(markdown, json, lossPlot, rougePlot, anglesPlot, accuracyPlots, null, List.of(), List.of());
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
        if (expertCosinePlot != null) {
            out.add(expertCosinePlot);
        }
        out.addAll(studyPlots);
        out.addAll(rowAnglePlots);
        return Collections.unmodifiableList(out);
    }
}
