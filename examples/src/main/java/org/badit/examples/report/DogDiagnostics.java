package org.badit.examples.report;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What the expert metrics of one row's runs say about DOG (the {@code dogDiagnostics} of {@code report.json} and
 * the "DOG diagnostics" table of {@code report.md}): the gradient angles and the largest expert cosine early, midway
 * and late in training, and how many components the regroups moved and how much they changed the model's function.
 * Every value is {@code null} (JSON) / "–" (Markdown) when no seed logged it, e.g. {@code regroup_kl} in logs
 * written before it existed, so a missing field never reads as a measured zero.
 *
 * <p>Snapshots: per seed, among the log lines that carry an angle or an expert cosine, the first, the one whose step
 * is nearest the middle of the log's step range (the earlier on a tie) and the last; each value is then averaged
 * over the seeds that have it. Regroups are the lines with {@code regroup_moved}: their count is averaged over seeds,
 * the components moved per regroup and the KL / |Δlogit| statistics are pooled over every regroup of every seed.
 *
 * @param label the row's label
 * @param paradigm mixed or sequential
 * @param seeds how many seeds' logs were read (those without expert metrics included)
 * @param first the first logged step
 * @param middle the logged step nearest the middle of training
 * @param end the last logged step
 * @param regroups regroups per seed (mean over seeds)
 * @param movedPerRegroup components moved per regroup, or null without regroups
 * @param regroupKlMean mean {@code regroup_kl} over regroups that logged it, or null
 * @param regroupKlMax largest {@code regroup_kl}, or null
 * @param regroupMaxDlogitMean mean {@code regroup_max_dlogit}, or null
 * @param regroupMaxDlogitMax largest {@code regroup_max_dlogit}, or null
 */
public record DogDiagnostics(String label, String paradigm, int seeds, Snapshot first, Snapshot middle, Snapshot end,
        double regroups, Double movedPerRegroup, Double regroupKlMean, Double regroupKlMax, Double regroupMaxDlogitMean,
        Double regroupMaxDlogitMax) {

    /**
     * The expert metrics at one point of training, averaged over seeds.
     *
     * @param step the step (mean over seeds, whose logging steps may differ), or null
     * @param intraAngleDeg the intra-expert angle, or null
     * @param interAngleDeg the inter-expert angle, or null
     * @param maxExpertCosine the largest principal-angle cosine between two experts, or null
     */
    public record Snapshot(Double step, Double intraAngleDeg, Double interAngleDeg, Double maxExpertCosine) {}

    /**
     * Summarises one row's logs.
     *
     * @param label the row's label
     * @param paradigm mixed or sequential
     * @param logs each seed's metrics log, in seed order
     * @return the diagnostics, or {@code null} when no log has an angle, an expert cosine or a regroup (a row
     *     without experts: nothing to diagnose)
     */
    public static DogDiagnostics of(String label, String paradigm, List<List<StepMetrics>> logs) {
        List<StepMetrics> firsts = new ArrayList<>();
        List<StepMetrics> middles = new ArrayList<>();
        List<StepMetrics> ends = new ArrayList<>();
        List<StepMetrics> regroupLines = new ArrayList<>();
        for (List<StepMetrics> log : logs) {
            List<StepMetrics> expert = log.stream().filter(DogDiagnostics::hasExpertMetrics).toList();
            log.stream().filter(s -> s.regroupMoved() != null).forEach(regroupLines::add);
            if (expert.isEmpty()) {
                continue;
            }
            firsts.add(expert.get(0));
            ends.add(expert.get(expert.size() - 1));
            // The middle of training, not of the logged points: logging may be denser early or late.
            int lo = log.stream().mapToInt(StepMetrics::step).min().orElseThrow();
            int hi = log.stream().mapToInt(StepMetrics::step).max().orElseThrow();
            double target = (lo + hi) / 2.0;
            StepMetrics best = expert.get(0);
            for (StepMetrics s : expert) {
                if (Math.abs(s.step() - target) < Math.abs(best.step() - target)) {
                    best = s;
                }
            }
            middles.add(best);
        }
        if (firsts.isEmpty() && regroupLines.isEmpty()) {
            return null;
        }
        int seeds = logs.size();
        double regroups = seeds == 0 ? 0 : (double) regroupLines.size() / seeds;
        Double moved = regroupLines.isEmpty() ? null
                : regroupLines.stream().mapToInt(StepMetrics::regroupMoved).average().orElseThrow();
        return new DogDiagnostics(label, paradigm, seeds, snapshot(firsts), snapshot(middles), snapshot(ends),
                regroups, moved, mean(regroupLines, StepMetrics::regroupKl), max(regroupLines, StepMetrics::regroupKl),
                mean(regroupLines, StepMetrics::regroupMaxDlogit), max(regroupLines, StepMetrics::regroupMaxDlogit));
    }

    private static boolean hasExpertMetrics(StepMetrics s) {
        return finite(s.intraAngleDeg()) || finite(s.interAngleDeg()) || finite(s.maxExpertCosine());
    }

    private static Snapshot snapshot(List<StepMetrics> lines) {
        return new Snapshot(mean(lines, s -> (double) s.step()), mean(lines, StepMetrics::intraAngleDeg),
                mean(lines, StepMetrics::interAngleDeg), mean(lines, StepMetrics::maxExpertCosine));
    }

    /** Mean of the finite values, null when there are none (absent, or NaN from a failed measurement). */
    private static Double mean(List<StepMetrics> lines, Function<StepMetrics, Double> f) {
        double[] v = lines.stream().map(f).filter(DogDiagnostics::finite).mapToDouble(Double::doubleValue).toArray();
        return v.length == 0 ? null : java.util.Arrays.stream(v).average().orElseThrow();
    }

    private static Double max(List<StepMetrics> lines, Function<StepMetrics, Double> f) {
        double[] v = lines.stream().map(f).filter(DogDiagnostics::finite).mapToDouble(Double::doubleValue).toArray();
        return v.length == 0 ? null : java.util.Arrays.stream(v).max().orElseThrow();
    }

    private static boolean finite(Double d) {
        return d != null && Double.isFinite(d);
    }
}
