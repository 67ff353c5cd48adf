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
 * @param comparisons LIST against paired per seed for the headline metrics at the last round ({@link Comparison})
 */
public record SelfTrainingResults(String recipe, List<Long> seeds, Map<String, Map<Integer, Map<String, Stat>>> arms,
                                  List<RoundReport> rounds, Map<String, String> provenance,
                                  List<Comparison> comparisons) {

    /**
     * LIST against the paired baseline on one metric at one round, seed by seed.
     *
     * @param metric     metric name (a zero-shot top-1 or a retrieval R@10)
     * @param round      the round compared (the last)
     * @param seeds      seeds with both arms
     * @param paired     the paired arm's value per seed
     * @param list       the LIST arm's value per seed
     * @param oracle     the oracle arm's value per seed (empty without that arm)
     * @param difference LIST − paired per seed
     * @param mean       mean of the differences
     * @param std        their sample standard deviation (n − 1)
     * @param t          the paired t-statistic mean / (std / √n), n − 1 degrees of freedom (null for one seed or
     *                   no spread)
     * @param seedsAbove seeds on which LIST is above paired
     * @param oracleGap  mean oracle − paired (null without the oracle arm)
     * @param gapClosed  mean difference / oracleGap: the share of the gap LIST closes (null without a positive gap)
     */
    public record Comparison(String metric, int round, List<Long> seeds, List<Double> paired, List<Double> list,
                             List<Double> oracle, List<Double> difference, double mean, double std, Double t,
                             int seedsAbove, Double oracleGap, Double gapClosed) {
    }

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
            if (r.evalSeconds() > 0) {
                m.computeIfAbsent("cost/evalSeconds", x -> new ArrayList<>()).add(r.evalSeconds());
            }
            if (r.captionerSeconds() > 0) {
                m.computeIfAbsent("cost/captionerSeconds", x -> new ArrayList<>()).add(r.captionerSeconds());
            }
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
        return new SelfTrainingResults(recipe, seeds, arms, reports, provenance, compare(seeds, reports));
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
                    boolean pct = percent(metric);
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
        sb.append(comparisonsMarkdown());
        List<String> notes = rounds.stream().flatMap(r -> r.notes().stream().map(n -> r.arm() + " seed " + r.seed()
                + " round " + r.round() + ": " + n)).toList();
        if (!notes.isEmpty()) {
            sb.append("**Notes**\n\n");
            notes.forEach(n -> sb.append("- ").append(n).append('\n'));
            sb.append('\n');
        }
        return sb.toString();
    }

    private static boolean percent(String metric) {
        return metric.startsWith("zeroshot/") || metric.startsWith("retrieval/") || metric.startsWith("engine/precision/")
                || metric.startsWith("engine/nearestLabel/") || metric.startsWith("compositionality/");
    }

    /**
     * LIST against the paired baseline, per seed, for every zero-shot top-1 and retrieval R@10 metric at the
     * last round (see {@link Comparison}); empty without both arms.
     */
    static List<Comparison> compare(List<Long> seeds, List<RoundReport> rounds) {
        int last = rounds.stream().mapToInt(RoundReport::round).max().orElse(0);
        Map<String, Map<Long, Double>> paired = byMetric(rounds, "paired", last);
        Map<String, Map<Long, Double>> list = byMetric(rounds, "list", last);
        Map<String, Map<Long, Double>> oracle = byMetric(rounds, "oracle", last);
        List<Comparison> out = new ArrayList<>();
        for (String metric : paired.keySet()) {
            if (!(metric.startsWith("zeroshot/") && metric.endsWith("/top1")) && !metric.endsWith("/R@10")) {
                continue;
            }
            Map<Long, Double> p = paired.get(metric);
            Map<Long, Double> l = list.getOrDefault(metric, Map.of());
            Map<Long, Double> o = oracle.getOrDefault(metric, Map.of());
            List<Long> common = seeds.stream().filter(x -> p.containsKey(x) && l.containsKey(x)).toList();
            if (common.isEmpty()) {
                continue;
            }
            List<Double> pv = common.stream().map(p::get).toList();
            List<Double> lv = common.stream().map(l::get).toList();
            boolean withOracle = common.stream().allMatch(o::containsKey);
            List<Double> ov = withOracle ? common.stream().map(o::get).toList() : List.of();
            List<Double> diff = new ArrayList<>();
            for (int i = 0; i < common.size(); i++) {
                diff.add(lv.get(i) - pv.get(i));
            }
            Stat ds = Stat.of(diff);
            int n = diff.size();
            Double t = n > 1 && ds.std() > 0 ? ds.mean() / (ds.std() / Math.sqrt(n)) : null;
            Double gap = withOracle ? Stat.of(ov).mean() - Stat.of(pv).mean() : null;
            Double closed = gap != null && gap > 0 ? ds.mean() / gap : null;
            out.add(new Comparison(metric, last, common, pv, lv, ov, diff, ds.mean(), ds.std(), t,
                    (int) diff.stream().filter(x -> x > 0).count(), gap, closed));
        }
        return out;
    }

    /** The comparisons as Markdown: a per-seed table and a summary line each. */
    private String comparisonsMarkdown() {
        StringBuilder sb = new StringBuilder();
        for (Comparison c : comparisons) {
            sb.append("**LIST − paired, ").append(c.metric()).append(", round ").append(c.round())
                    .append(", per seed** (points)\n\n");
            sb.append("| seed | paired | LIST | oracle | LIST − paired |\n|---|---|---|---|---|\n");
            for (int i = 0; i < c.seeds().size(); i++) {
                sb.append(String.format(Locale.ROOT, "| %d | %.2f | %.2f | %s | %+.2f |%n", c.seeds().get(i),
                        100 * c.paired().get(i), 100 * c.list().get(i), c.oracle().isEmpty() ? "—"
                                : String.format(Locale.ROOT, "%.2f", 100 * c.oracle().get(i)),
                        100 * c.difference().get(i)));
            }
            int n = c.seeds().size();
            sb.append(String.format(Locale.ROOT, "%nLIST − paired: mean %+.2f, std %.2f over %d seeds, paired t %s;"
                    + " LIST above paired on %d of %d seeds", 100 * c.mean(), 100 * c.std(), n,
                    c.t() == null ? "—" : String.format(Locale.ROOT, "%.2f (%d df)", c.t(), n - 1), c.seedsAbove(), n));
            if (c.oracleGap() != null) {
                sb.append(String.format(Locale.ROOT, "; oracle − paired %+.2f, so LIST closes %s of the gap",
                        100 * c.oracleGap(), c.gapClosed() == null ? "— (no gap)"
                                : String.format(Locale.ROOT, "%.0f %%", 100 * c.gapClosed())));
            }
            sb.append(".\n\n");
        }
        return sb.toString();
    }

    /** metric → seed → value of {@code arm} at {@code round}. */
    private static Map<String, Map<Long, Double>> byMetric(List<RoundReport> rounds, String arm, int round) {
        Map<String, Map<Long, Double>> out = new LinkedHashMap<>();
        for (RoundReport r : rounds) {
            if (r.arm().equals(arm) && r.round() == round) {
                r.metrics().forEach((k, v) -> out.computeIfAbsent(k, x -> new TreeMap<>()).put(r.seed(), v));
            }
        }
        return out;
    }
}
