package org.badit.examples.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.badit.examples.cli.config.RunConfigKey;
import org.badit.examples.cli.config.RunConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code badit config}: every setting with its default, as a starting YAML file or as the docs' Markdown table. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print every run setting with its default and meaning: a commented YAML file to start from "
                + "(`badit config > run.yaml`), or with --markdown the table of docs/configuration.md.")
final class ConfigCommand implements Callable<Integer> {

    @Option(names = "--markdown", description = "Print the Markdown table instead of YAML.")
    boolean markdown;

    /** {@inheritDoc} */
    @Override
    public Integer call() {
        System.out.print(markdown ? markdown() : yaml());
        return 0;
    }

    static String yaml() {
        StringBuilder b = new StringBuilder("# BADIT-J run settings (badit train/eval/compare --config FILE).\n");
        for (RunConfigKey k : RunConfig.KEYS) {
            b.append("\n# ").append(k.help()).append(k.range().isEmpty() ? "" : " (" + k.range() + ")")
                    .append('\n');
            b.append(k.name()).append(": ").append(value(k.defaultValue())).append('\n');
        }
        return b.toString();
    }

    static String markdown() {
        StringBuilder b = new StringBuilder("| key | type | default | range | meaning |\n|---|---|---|---|---|\n");
        for (RunConfigKey k : RunConfig.KEYS) {
            b.append("| `").append(k.name()).append("` | ").append(k.type().name().toLowerCase(java.util.Locale.ROOT))
                    .append(" | `").append(value(k.defaultValue())).append("` | ").append(k.range()).append(" | ")
                    .append(k.help().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }

    private static String value(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof List) {
            return ((List<?>) v).isEmpty() ? "[]" : "[" + String.join(", ", ((List<?>) v).stream()
                    .map(String::valueOf).toList()) + "]";
        }
        return String.valueOf(v);
    }
}
