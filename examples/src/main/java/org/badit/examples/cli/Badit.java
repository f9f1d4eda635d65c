package org.badit.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code badit} command line. Each command is its own class built on the library's public API; this class only
 * registers them and turns failures into one clear line (a stack trace only with {@code --debug}).
 */
@Command(
        name = "badit",
        mixinStandardHelpOptions = true,
        versionProvider = Badit.Version.class,
        description = "Multi-task instruct-tuning of LLMs with orthogonal LoRA experts (BADIT) on DJL/PyTorch.",
        subcommands = {
            CommandLine.HelpCommand.class,
            DemoCommand.class,
            TrainCommand.class,
            EvalCommand.class,
            CompareCommand.class,
            GroupTasksCommand.class,
            ScoreCommand.class,
            VerifyInitCommand.class,
            ConfigCommand.class,
            LogitsCommand.class,
            GenerateCommand.class,
            TokenizeCommand.class,
            GpuCheckCommand.class,
            EnvCommand.class,
            BenchCommand.class,
            BenchSvdCommand.class,
            BenchClusteringCommand.class,
            BenchModelCommand.class,
            BenchMethodsCommand.class,
            BenchSoakCommand.class,
            SuperniBenchCommand.class,
        })
public final class Badit implements Runnable {

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT,
            description = "Print full stack traces on errors.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@inheritDoc} */
    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /**
     * Runs the command line.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        Utf8Console.useUtf8Output();
        System.exit(execute(Utf8Console.arguments(args)));
    }

    /**
     * Runs the command line without exiting, for tests and embedding.
     *
     * @param args the arguments
     * @return the exit code
     */
    public static int execute(String... args) {
        // Before any engine class loads: never download anything at run time.
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        CommandLine cli = new CommandLine(new Badit());
        // picocli's own writers would use the platform charset (ASCII under LC_ALL=C); messages quote user text.
        cli.setOut(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.out,
                java.nio.charset.StandardCharsets.UTF_8), true));
        cli.setErr(new java.io.PrintWriter(new java.io.OutputStreamWriter(System.err,
                java.nio.charset.StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean debug = parseResult.hasMatchedOption("--debug")
                    || (parseResult.subcommand() != null && parseResult.subcommand().hasMatchedOption("--debug"));
            if (debug) {
                ex.printStackTrace(commandLine.getErr());
            } else {
                commandLine.getErr().println("badit: error: " + describe(ex));
            }
            return 1;
        });
        // A mistyped flag is one line that names it and where the help is, not the whole usage text.
        cli.setParameterExceptionHandler((ex, arguments) -> {
            CommandLine where = ex.getCommandLine();
            String command = where.getCommandSpec().qualifiedName(" ");
            where.getErr().println("badit: error: " + describe(ex).replaceFirst("^Error: ", "") + " (see: " + command
                    + " --help)");
            return 2;
        });
        return cli.execute(args);
    }

    /**
     * What a command run in this JVM printed.
     *
     * @param code the exit code
     * @param out standard output
     * @param err standard error
     */
    public record Captured(int code, String out, String err) {}

    /**
     * Runs the command line in this JVM with standard output and error captured (for tests, and for commands that
     * run others, such as {@code gpu-check}). Not for concurrent use: it swaps {@code System.out} and {@code err}.
     *
     * @param args the arguments
     * @return the exit code and what was printed
     */
    public static synchronized Captured executeCapturing(String... args) {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream o = new java.io.ByteArrayOutputStream();
        java.io.ByteArrayOutputStream e = new java.io.ByteArrayOutputStream();
        System.setOut(new java.io.PrintStream(o, true, java.nio.charset.StandardCharsets.UTF_8));
        System.setErr(new java.io.PrintStream(e, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            int code = execute(args);
            return new Captured(code, o.toString(java.nio.charset.StandardCharsets.UTF_8),
                    e.toString(java.nio.charset.StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static String describe(Throwable ex) {
        if (ex instanceof java.nio.file.InvalidPathException && !"UTF-8".equalsIgnoreCase(
                System.getProperty("sun.jnu.encoding"))) {
            return "the path '" + ((java.nio.file.InvalidPathException) ex).getInput() + "' cannot be represented in "
                    + "this locale's file-name encoding (" + System.getProperty("sun.jnu.encoding") + "); run under a "
                    + "UTF-8 locale, e.g. LC_ALL=C.UTF-8";
        }
        String message = ex.getMessage();
        if (message == null || message.isBlank()) {
            message = ex.getClass().getSimpleName();
        }
        // Parsers' causes read "java.io.EOFException: End of input at line 1 ..."; the user needs the second half.
        return message.replace('\n', ' ').replaceAll(" See https://github\\.com/google/gson/\\S+", "")
                .replaceAll("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error): ", "");
    }

    /** Reports the library version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        /** {@inheritDoc} */
        @Override
        public String[] getVersion() {
            String v = Badit.class.getPackage().getImplementationVersion();
            return new String[] {"badit " + (v == null ? "dev" : v)};
        }
    }
}
