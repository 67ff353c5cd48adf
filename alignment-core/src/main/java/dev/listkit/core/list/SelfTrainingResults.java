package dev.listkit.core.list;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The whole self-training experiment ({@code results.json}): every metric per arm and round over seeds,
 * the rounds it comes from, and the run's provenance.
 *
 * @param recipe     recipe name
 * @param seeds      experiment seeds
 * @param arms       arm → round → metric → statistics over seeds
 * @param rounds     every evaluated round
 * @param provenance recipe hash, git revision, seeds, data fingerprints
 */
public record SelfTrainingResults(String recipe, List<Long> seeds, Map<String, Map<Integer, Map<String, Stat>>> arms,
                                  List<RoundReport> rounds, Map<String, String> provenance) {

    /** Mean and standard deviation (sample, n−1) of one metric over seeds. */
    public record Stat(List<Double> values, double mean, double std) {
        static Stat of(List<Double> v) {
            double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = v.stream().mapToDouble(x -> (x - m) * (x - m)).sum();
            return new Stat(List.copyOf(v), m, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0.0);
        }
    }

    /**
     * Aggregates round reports (in run order) per arm, round and metric, adding the cost and data counts;
     * engine time and synthetic pairs only where a data engine ran (list rounds after round 0), so that a
     * metric that does not apply is absent rather than 0.
     */
    static SelfTrainingResults of(String recipe, List<Long> seeds, List<RoundReport> reports,
            Map<String, String> provenance) {
        Map<String, Map<Integer, Map<String, List<Double>>>> values = new LinkedHashMap<>();
        for (RoundReport r : reports) {
            Map<String, List<Double>> m = values.computeIfAbsent(r.arm(), k -> new TreeMap<>())
                    .computeIfAbsent(r.round(), k -> new LinkedHashMap<>());
            r.metrics().forEach((k, v) -> m.computeIfAbsent(k, x -> new ArrayList<>()).add(v));
            m.computeIfAbsent("cost/trainSeconds", x -> new ArrayList<>()).add(r.trainSeconds());
            if (r.arm().equals("list") && r.round() > 0) { // the only rounds with a data engine (ArmLoop)
                m.computeIfAbsent("cost/engineSeconds", x -> new ArrayList<>()).add(r.engineSeconds());
                m.computeIfAbsent("data/syntheticPairs", x -> new ArrayList<>()).add((double) r.syntheticPairs());
            }
        }
        Map<String, Map<Integer, Map<String, Stat>>> arms = new LinkedHashMap<>();
        values.forEach((arm, rounds) -> {
            Map<Integer, Map<String, Stat>> byRound = new TreeMap<>();
            rounds.forEach((round, metrics) -> {
                Map<String, Stat> stats = new LinkedHashMap<>();
                metrics.forEach((k, v) -> stats.put(k, Stat.of(v)));
                byRound.put(round, stats);
            });
            arms.put(arm, byRound);
        });
        return new SelfTrainingResults(recipe, seeds, arms, reports, provenance);
    }

    /**
     * A Markdown table per metric: arms as rows, rounds as columns, mean ± std over seeds (the value alone
     * for one seed; — where the arm has no such metric).
     */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(recipe).append(" — seeds ").append(seeds).append("\n\n");
        Set<String> metrics = new LinkedHashSet<>();
        SortedSet<Integer> roundNumbers = new TreeSet<>();
        arms.values().forEach(r -> {
            roundNumbers.addAll(r.keySet());
            r.values().forEach(m -> metrics.addAll(m.keySet()));
        });
        for (String metric : metrics) {
            sb.append("**").append(metric).append("**\n\n| arm |");
            roundNumbers.forEach(r -> sb.append(" round ").append(r).append(" |"));
            sb.append("\n|---|");
            roundNumbers.forEach(r -> sb.append("---|"));
            sb.append('\n');
            arms.forEach((arm, byRound) -> {
                sb.append("| ").append(arm).append(" |");
                for (int r : roundNumbers) {
                    Stat s = byRound.getOrDefault(r, Map.of()).get(metric);
                    boolean pct = metric.startsWith("zeroshot/") || metric.startsWith("retrieval/")
                            || metric.startsWith("compositionality/");
                    double k = pct ? 100 : 1;
                    String f = pct ? "%.2f" : "%.3f";
                    // A metric the arm does not have is a dash; one seed has no spread to show.
                    sb.append(s == null ? " — |" : s.values().size() == 1
                            ? String.format(Locale.ROOT, " " + f + " |", k * s.mean())
                            : String.format(Locale.ROOT, " " + f + " ± " + f + " |", k * s.mean(), k * s.std()));
                }
                sb.append('\n');
            });
            sb.append('\n');
        }
        return sb.toString();
    }
}
