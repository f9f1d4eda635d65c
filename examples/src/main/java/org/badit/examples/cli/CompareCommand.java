package org.badit.examples.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.badit.examples.cli.config.RunConfig;
import org.badit.examples.cli.config.RunConfigFlags;
import org.badit.examples.cli.run.CompareRun;
import org.badit.examples.cli.run.StudyPlan;
import org.badit.examples.cli.run.StudyRow;
import org.badit.examples.cli.run.StudyRun;
import org.badit.examples.report.StudyReport;
import org.badit.superni.metrics.ContinualMetrics;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code badit compare}: several methods on the same data and budget, one comparison table. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Train and evaluate several methods on the same data, prompts, decoding and budget (total rank "
            + "K·r) and write one comparison table (ROUGE-L per task and overall, training time, trainable "
            + "parameters) with plots into --output/report.",
            "As a study: --seeds N runs every row N times (mean and 95 %% t-interval over seeds) and tests the "
            + "--reference row against every other row (Wilcoxon over instances, bootstrap over tasks, "
            + "Holm-corrected); --lr-grid/--alpha-grid choose hyperparameters on a validation split carved from the "
            + "training instances; --paradigms mixed,sequential adds the continual setting."})
final class CompareCommand implements Callable<Integer> {

    @Mixin
    RunConfigFlags options;

    @Option(names = "--methods", split = ",", defaultValue = "lora,pissa,milora,olora,loramoe,badit-nodog,badit",
            description = "Methods to compare (default: all).")
    List<String> methods;

    @Option(names = "--variant", paramLabel = "LABEL=METHOD[:k=v;k=v]",
            description = "An extra row with its own settings, e.g. badit-static=badit:router=static or "
                    + "badit-K2=badit:experts=2;rank=8 (repeatable; keys of docs/configuration.md).")
    List<String> variants = new ArrayList<>();

    @Option(names = "--colla", description = "Also train every row on each task alone and report colla "
            + "(multi-task minus single-task ROUGE-L) and, in the sequential paradigm, Fwt against those runs.")
    boolean colla;

    @Option(names = "--seeds", defaultValue = "1", description = "Run every row with seeds seed, seed+1, ... "
            + "(default: ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--paradigms", split = ",", description = "mixed and/or sequential (default: the mode setting, "
            + "mixed).")
    List<String> paradigms;

    @Option(names = "--lr-grid", paramLabel = "LR,LR,...", description = "Learning rates to choose from on the "
            + "validation split (first seed, mean validation ROUGE-L over tasks; ties: the smaller).")
    String lrGrid;

    @Option(names = "--alpha-grid", paramLabel = "A,A,...", description = "Alphas to choose from, for "
            + "SVD-initialised rows only (pissa, milora, olora, badit-nodog, badit and their variants).")
    String alphaGrid;

    @Option(names = "--val-instances", defaultValue = "20", description = "Validation instances held out per task "
            + "from the training instances when a grid is tuned (default: ${DEFAULT-VALUE}).")
    int valInstances;

    @Option(names = "--paired-test", paramLabel = "wilcoxon|bootstrap|both|none",
            description = "Paired tests of --reference against every row (default: both with --seeds 2 or more).")
    String pairedTest;

    @Option(names = "--reference", defaultValue = "badit", description = "The row under test (default: "
            + "${DEFAULT-VALUE}).")
    String reference;

    @Option(names = "--continual-metrics", defaultValue = "paper", paramLabel = "paper|gem",
            description = "Definitions of Fgt/Bwt/Fwt (default: ${DEFAULT-VALUE}).")
    String continualMetrics;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        RunConfig c = options.resolve();
        StudyPlan plan = plan(c);
        CompareRun.Outcome o = StudyRun.run(c, plan, "Method comparison", System.err);
        System.out.println(o.report().renderTable());
        StudyReport study = o.report().getStudy();
        study.verdicts().forEach(System.out::println);
        study.caveats().forEach(line -> System.out.println("caveat: " + line));
        System.out.println("report: " + o.files().markdown());
        return 0;
    }

    /** Every flag checked and turned into a plan, before anything is loaded or written. */
    private StudyPlan plan(RunConfig c) {
        List<StudyRow> rows = new ArrayList<>();
        for (String m : methods) {
            String method = m.trim();
            org.badit.core.method.Method.parse(method); // fail fast on a typo, before any training
            rows.add(new StudyRow(method, method, Map.of()));
        }
        for (String v : variants) {
            rows.add(StudyRow.parseVariant(v));
        }
        StudyPlan.Builder b = StudyPlan.builder().setRows(rows).optSeeds(seeds)
                .optParadigms(paradigms == null ? List.of(c.string("mode")) : paradigms.stream().map(String::trim)
                        .toList())
                .optValidationInstances(valInstances).optReference(reference).optColla(colla)
                .optContinualDefinition(definition(continualMetrics));
        if (lrGrid != null) {
            b.optLrGrid(StudyPlan.parseGrid("--lr-grid", lrGrid));
        }
        if (alphaGrid != null) {
            b.optAlphaGrid(StudyPlan.parseGrid("--alpha-grid", alphaGrid));
        }
        if (pairedTest != null) {
            b.optPairedTest(StudyPlan.PairedTest.parse(pairedTest));
        }
        return b.build();
    }

    private static ContinualMetrics.Definition definition(String s) {
        try {
            return ContinualMetrics.Definition.valueOf(s.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--continual-metrics must be paper or gem, got '" + s + "'", e);
        }
    }
}
