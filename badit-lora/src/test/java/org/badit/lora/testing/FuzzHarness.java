package org.badit.lora.testing;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a reader over seeded mutations of valid inputs. Each input must either be accepted or fail with one of the
 * reader's documented exceptions, whose message names the file; anything else (NullPointerException,
 * NumberFormatException, ArithmeticException, OutOfMemoryError, an engine error, ...) or an input taking longer than
 * the time bound fails the test with the seed and the case index (an input still running at ten times the bound is
 * a hang: the harness prints it and halts the JVM), and the input is kept under
 * {@code target/fuzz-failures/} for replay.
 *
 * <p>The long run (10,000 inputs per reader, about 7 minutes on 2 cores), after {@code mvn -B -o install -DskipTests}:
 * <pre>
 * mvn -B -o -pl badit-lora,badit-superni,badit-core test -Dtest='*FuzzTest' -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbadit.fuzz.inputs=10000
 * </pre>
 * Each reader prints one line: {@code fuzz <reader>: N inputs (seed S) in T ms: A accepted, D documented exceptions
 * {...}; slowest M ms}.
 *
 * <p>System properties (passed through to the forked test JVM by the root pom's surefire configuration):
 * <ul>
 *   <li>{@value #INPUTS_PROPERTY}: inputs per reader (default {@value #DEFAULT_INPUTS}; the long run uses 10000)</li>
 *   <li>{@value #SEED_PROPERTY}: the master seed (default {@value #DEFAULT_SEED})</li>
 *   <li>{@value #CASE_PROPERTY}: replay only this case index of the master seed</li>
 *   <li>{@value #BOUND_PROPERTY}: the time bound per input in milliseconds (default {@value #DEFAULT_BOUND_MS})</li>
 * </ul>
 * Case {@code i} of seed {@code s} is generated from {@link #caseRandom} of the reader's name, {@code s} and {@code i}
 * alone, so a failure reproduces with {@code -Dbadit.fuzz.seed=s -Dbadit.fuzz.case=i}.
 */
public final class FuzzHarness {

    /** Inputs per reader. */
    public static final String INPUTS_PROPERTY = "badit.fuzz.inputs";
    /** The master seed. */
    public static final String SEED_PROPERTY = "badit.fuzz.seed";
    /** A single case to replay. */
    public static final String CASE_PROPERTY = "badit.fuzz.case";
    /** The time bound per input, in milliseconds. */
    public static final String BOUND_PROPERTY = "badit.fuzz.boundMillis";
    /** Inputs per reader in CI. */
    public static final int DEFAULT_INPUTS = 300;
    /** The master seed in CI. */
    public static final long DEFAULT_SEED = 14;
    /** The time bound per input. */
    public static final long DEFAULT_BOUND_MS = 2000;

    /** Calls the reader on one input. */
    @FunctionalInterface
    public interface Target {
        /**
         * Reads one input.
         *
         * @param input the bytes
         * @throws Exception anything the reader throws
         */
        void read(byte[] input) throws Exception;
    }

    /** Calls the reader on one input, knowing which valid input it was made from (to pair it with other files). */
    @FunctionalInterface
    public interface SeededTarget {
        /**
         * Reads one input.
         *
         * @param input the bytes
         * @param seedIndex the index of the valid input it was mutated from
         * @throws Exception anything the reader throws
         */
        void read(byte[] input, int seedIndex) throws Exception;
    }

    /**
     * The figures of one run.
     *
     * @param reader the reader's name
     * @param seed the master seed
     * @param inputs the number of mutated inputs
     * @param accepted inputs the reader accepted
     * @param documented documented exceptions by class name
     * @param wallMillis wall time of the mutated inputs
     * @param slowestMillis the slowest input
     */
    public record Summary(String reader, long seed, int inputs, int accepted, Map<String, Integer> documented,
            long wallMillis, long slowestMillis) {

        @Override
        public String toString() {
            int rejected = documented.values().stream().mapToInt(Integer::intValue).sum();
            return "fuzz " + reader + ": " + inputs + " inputs (seed " + seed + ") in " + wallMillis + " ms: "
                    + accepted + " accepted, " + rejected + " documented exceptions " + documented + "; slowest "
                    + slowestMillis + " ms";
        }
    }

    private FuzzHarness() {}

    /**
     * Returns the number of inputs per reader.
     *
     * @return {@value #INPUTS_PROPERTY}, or {@value #DEFAULT_INPUTS}
     */
    public static int inputs() {
        String v = System.getProperty(INPUTS_PROPERTY, "");
        return v.isBlank() ? DEFAULT_INPUTS : Integer.parseInt(v.trim());
    }

    private static long seed() {
        String v = System.getProperty(SEED_PROPERTY, "");
        return v.isBlank() ? DEFAULT_SEED : Long.parseLong(v.trim());
    }

    private static long boundMillis() {
        String v = System.getProperty(BOUND_PROPERTY, "");
        return v.isBlank() ? DEFAULT_BOUND_MS : Long.parseLong(v.trim());
    }

    /**
     * The random numbers of one case.
     *
     * @param reader the reader's name (so that readers do not all get the same sequence of mutations)
     * @param seed the master seed
     * @param index the case index
     * @return its generator
     */
    public static SplittableRandom caseRandom(String reader, long seed, int index) {
        return new SplittableRandom((seed * 0x9E3779B97F4A7C15L + index) ^ ((long) reader.hashCode() << 32));
    }

    /**
     * Runs the reader on every seed input (they must all be accepted), then on the mutated inputs.
     *
     * @param reader a name for messages and the failure files
     * @param mutator the input generator
     * @param target calls the reader
     * @param mustMention text every documented exception's message must contain (the file name), or null
     * @param documented the exception types the reader documents
     * @return the figures
     */
    @SafeVarargs
    public static Summary run(String reader, Mutator mutator, Target target, String mustMention,
            Class<? extends Throwable>... documented) {
        return run(reader, mutator, (SeededTarget) (input, seedIndex) -> target.read(input), mustMention, documented);
    }

    /**
     * As {@link #run(String, Mutator, Target, String, Class[])}, telling the target which valid input each input was
     * made from.
     *
     * @param reader a name for messages and the failure files
     * @param mutator the input generator
     * @param target calls the reader
     * @param mustMention text every documented exception's message must contain (the file name), or null
     * @param documented the exception types the reader documents
     * @return the figures
     */
    @SafeVarargs
    public static Summary run(String reader, Mutator mutator, SeededTarget target, String mustMention,
            Class<? extends Throwable>... documented) {
        long seed = seed();
        int inputs = inputs();
        long bound = boundMillis();
        String only = System.getProperty(CASE_PROPERTY, "");
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fuzz-watchdog-" + reader);
            t.setDaemon(true);
            return t;
        });
        try {
            List<byte[]> seeds = mutator.seeds();
            for (int i = 0; i < seeds.size(); i++) {
                // The first call may start the engine: a generous bound, and every valid input must be accepted.
                trace(reader + " seed input " + i);
                Outcome o = call(executor, target, seeds.get(i), i, 120_000, reader + " seed input " + i, () -> { });
                if (o.error != null || o.timedOut) {
                    throw new AssertionError(reader + ": valid seed input " + i + " was not accepted"
                            + (o.timedOut ? " (timed out)" : ""), o.error);
                }
            }
            Map<String, Integer> counts = new TreeMap<>();
            int accepted = 0;
            long slowest = 0;
            int first = only.isBlank() ? 0 : Integer.parseInt(only.trim());
            int last = only.isBlank() ? inputs : first + 1;
            long start = System.nanoTime();
            for (int i = first; i < last; i++) {
                Mutator.Result input = mutator.next(caseRandom(reader, seed, i));
                String where = reader + " seed=" + seed + " case=" + i + " (seed input " + input.seedIndex()
                        + ", mutations " + input.mutations() + "; replay with -D" + SEED_PROPERTY + "=" + seed + " -D"
                        + CASE_PROPERTY + "=" + i + ")";
                trace(where);
                final int index = i;
                Outcome o = call(executor, target, input.bytes(), input.seedIndex(), bound, where,
                        () -> keep(reader, seed, index, input.bytes()));
                slowest = Math.max(slowest, o.millis);
                trace("  -> " + (o.error == null ? "accepted" : o.error.getClass().getSimpleName() + ": "
                        + o.error.getMessage()));
                if (o.timedOut) {
                    keep(reader, seed, i, input.bytes());
                    throw new AssertionError(where + ": took " + o.millis + " ms, over the bound of " + bound
                            + " ms", o.error);
                }
                if (o.error == null) {
                    accepted++;
                    continue;
                }
                if (!isDocumented(o.error, documented)) {
                    keep(reader, seed, i, input.bytes());
                    throw new AssertionError(where + ": undocumented " + o.error.getClass().getName() + ": "
                            + o.error.getMessage() + "\n" + stackTrace(o.error), o.error);
                }
                String message = String.valueOf(o.error.getMessage());
                if (mustMention != null && !message.contains(mustMention)) {
                    keep(reader, seed, i, input.bytes());
                    throw new AssertionError(where + ": the message does not name the file " + mustMention + ": "
                            + message);
                }
                counts.merge(o.error.getClass().getSimpleName(), 1, Integer::sum);
            }
            long wall = (System.nanoTime() - start) / 1_000_000;
            Summary summary = new Summary(reader, seed, last - first, accepted, counts, wall, slowest);
            System.out.println(summary);
            return summary;
        } finally {
            executor.shutdownNow();
        }
    }

    /** With {@code -Dbadit.fuzz.trace=true}, names each input on stderr before it is read (to find a JVM abort). */
    private static void trace(String what) {
        if (Boolean.getBoolean("badit.fuzz.trace")) {
            System.err.println("fuzz: " + what);
            System.err.flush();
        }
    }

    private record Outcome(Throwable error, boolean timedOut, long millis) {}

    /**
     * Reads one input on the calling thread (a reader stuck in a loop or a native call cannot be interrupted anyway,
     * and the engine's arrays stay on the thread that made them). The time is measured, so an input over the bound
     * fails the test; one still running at ten times the bound is taken for a hang: the watchdog prints what it was
     * and where it is stuck, keeps the input and halts the JVM, so the build fails instead of hanging.
     */
    private static Outcome call(ScheduledExecutorService watchdog, SeededTarget target, byte[] input, int seedIndex,
            long boundMillis, String what, Runnable keepInput) {
        Thread reader = Thread.currentThread();
        ScheduledFuture<?> hang = watchdog.schedule(() -> {
            StringBuilder b = new StringBuilder("fuzz: " + what + ": no outcome within " + 10 * boundMillis
                    + " ms, halting; the reader is at\n");
            for (StackTraceElement e : reader.getStackTrace()) {
                b.append("\tat ").append(e).append('\n');
            }
            System.err.println(b);
            keepInput.run();
            System.err.flush();
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }, 10 * boundMillis, TimeUnit.MILLISECONDS);
        long t0 = System.nanoTime();
        Throwable error = null;
        try {
            target.read(input, seedIndex);
        } catch (Throwable t) { // OutOfMemoryError, StackOverflowError and engine errors included
            error = t;
        } finally {
            hang.cancel(false);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        return new Outcome(error, millis > boundMillis, millis);
    }

    private static boolean isDocumented(Throwable error, Class<? extends Throwable>[] documented) {
        for (Class<? extends Throwable> c : documented) {
            if (c.isInstance(error)) {
                return true;
            }
        }
        return false;
    }

    private static void keep(String reader, long seed, int index, byte[] input) {
        try {
            Path dir = Path.of("target", "fuzz-failures");
            Files.createDirectories(dir);
            Path file = dir.resolve(reader + "-seed" + seed + "-case" + index + ".bin");
            Files.write(file, input);
            System.err.println("failing input kept in " + file.toAbsolutePath());
        } catch (IOException e) {
            System.err.println("cannot keep the failing input: " + e);
        }
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
