package org.badit.examples.cli;

import com.google.gson.GsonBuilder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.badit.superni.data.EvaluationFiles;
import org.badit.superni.data.Split;
import org.badit.superni.data.SuperNiLoader;
import org.badit.superni.metrics.EvaluationReport;
import org.badit.superni.metrics.InstanceScore;
import org.badit.superni.metrics.Prediction;
import org.badit.superni.metrics.Reference;
import org.badit.superni.metrics.SuperNiEvaluator;
import org.badit.superni.metrics.Track;
import org.badit.superni.metrics.TrackReport;
import org.badit.superni.report.ReportTables;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit score}: SuperNI's official metrics for a predictions file, printed as the official JSON. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = {"Score predictions (JSONL {\"id\", \"prediction\"}) with SuperNI's official metrics.",
            "References: a JSONL in the official format, or a SuperNI folder + split (first --max-instances "
                    + "instances of each task).",
            "Prints exact_match, rougeL and their _for_<category> / _for_<task> keys as JSON.",
            "As the official script: a missing prediction scores as \"\", unknown ids are ignored, the last of "
                    + "duplicated ids counts (each reported as a warning on stderr; --strict makes them errors)."})
final class ScoreCommand implements Callable<Integer> {

    @Option(names = "--predictions", required = true, paramLabel = "FILE", description = "Predictions JSONL.")
    Path predictions;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--references", paramLabel = "FILE",
                description = "References JSONL: {\"id\", \"references\", \"task_id\", \"task_category\", \"track\"}.")
        Path references;

        @Option(names = "--data", paramLabel = "DIR",
                description = "SuperNI folder (tasks/ + splits/, or CL-benchmark task folders).")
        Path data;
    }

    @Option(names = "--split", defaultValue = "test", description = "Split with --data: train, test, excluded "
            + "(default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--track", defaultValue = "default", description = "Track with --data: default or xlingual "
            + "(default: ${DEFAULT-VALUE}).")
    String track;

    @Option(names = "--max-instances", defaultValue = "100", description = "Instances per task with --data "
            + "(default: ${DEFAULT-VALUE}, the official test protocol).")
    int maxInstances;

    @Option(names = "--skip-missing-tasks", description = "With --data: skip tasks listed in the split but absent.")
    boolean skipMissingTasks;

    @Option(names = "--strict", description = "Fail on unknown or duplicate prediction ids.")
    boolean strict;

    @Option(names = "--track-suffix", description = "Always end keys in _<track>_track (the official --output_file "
            + "format; automatic when several tracks are present).")
    boolean trackSuffix;

    @Option(names = "--rouge1", description = "Also print rouge1 keys.")
    boolean rouge1;

    @Option(names = "--per-instance", paramLabel = "FILE",
            description = "Write {\"id\", \"rougeL\", \"exact_match\"} per line (rougeL in [0,1], exact_match 0/1).")
    Path perInstance;

    @Option(names = "--markdown", paramLabel = "FILE", description = "Write per-category and per-task tables.")
    Path markdown;

    @Option(names = "--csv", paramLabel = "FILE", description = "Write per-category and per-task rows as CSV.")
    Path csv;

    /** {@inheritDoc} */
    @Override
    public Integer call() throws Exception {
        List<Prediction> preds = EvaluationFiles.readPredictions(predictions);
        List<Reference> refs;
        if (source.references != null) {
            refs = EvaluationFiles.readReferences(source.references);
        } else {
            refs = EvaluationFiles.references(SuperNiLoader.builder().setRoot(source.data).optTrack(track)
                    .optSplit(Split.of(split)).optMaxInstances(maxInstances)
                    .optSkipMissingTasks(skipMissingTasks).build().load(), Track.of(track));
        }
        if (refs.isEmpty()) {
            throw new IllegalArgumentException("no references to score");
        }
        EvaluationReport report = SuperNiEvaluator.builder().optStrict(strict).build().score(preds, refs);
        for (TrackReport t : report.tracks().values()) {
            if (!t.missingIds().isEmpty()) {
                System.err.println("badit: warning: no prediction for " + t.missingIds().size() + " "
                        + t.track().key() + "-track instances; scored as the empty string");
            }
        }
        if (!report.unknownPredictionIds().isEmpty()) {
            System.err.println("badit: warning: " + report.unknownPredictionIds().size()
                    + " prediction id(s) have no reference; ignored");
        }
        if (!report.duplicatePredictionIds().isEmpty()) {
            System.err.println("badit: warning: " + report.duplicatePredictionIds().size()
                    + " prediction id(s) given more than once; the last one counts");
        }
        System.out.println(new GsonBuilder().setPrettyPrinting().create()
                .toJson(report.toOfficialMap(trackSuffix, rouge1)));
        if (perInstance != null) {
            List<InstanceScore> all = new ArrayList<>();
            report.tracks().values().forEach(t -> all.addAll(t.instances()));
            EvaluationFiles.writePerInstance(perInstance, all);
        }
        if (markdown != null) {
            Files.writeString(markdown, ReportTables.markdown(report), StandardCharsets.UTF_8);
        }
        if (csv != null) {
            Files.writeString(csv, ReportTables.csv(report), StandardCharsets.UTF_8);
        }
        return 0;
    }
}
