package org.badit.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.badit.cli.config.RunConfig;
import org.badit.cli.config.RunOptions;
import org.badit.cli.run.CompareRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code badit compare}: several methods on the same data and budget, one comparison table. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Train and evaluate several methods on the same data, prompts, decoding and budget (total rank "
            + "K·r) and write one comparison table (ROUGE-L per task and overall, training time, trainable "
            + "parameters) with plots into --output/report."})
final class CompareCommand implements Callable<Integer> {

    @Mixin
    RunOptions options;

    @Option(names = "--methods", split = ",", defaultValue = "lora,pissa,milora,olora,loramoe,badit-nodog,badit",
            description = "Methods to compare (default: all).")
    List<String> methods;

    @Option(names = "--colla", description = "Also train every method on each task alone and report colla "
            + "(multi-task minus single-task ROUGE-L).")
    boolean colla;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        RunConfig c = options.resolve();
        methods.forEach(org.badit.core.method.Method::parse); // fail fast on a typo, before any training
        CompareRun.Outcome o = CompareRun.run(c, methods, "Method comparison", null, colla, System.err);
        System.out.println(o.report().renderTable());
        System.out.println("report: " + o.files().markdown());
        return 0;
    }
}
