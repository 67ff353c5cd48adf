package dev.listkit.core.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.list.RunLayout;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The headline numbers of training runs, and their mean and standard deviation over seeds per arm and
 * round. Metrics come from the evaluation files, so a run killed after some evaluations still shows them.
 */
final class RunMetrics {
    private RunMetrics() {
    }

    /**
     * Mean and sample standard deviation (n - 1; 0 for a single value) over seeds.
     *
     * @param mean mean
     * @param std  sample standard deviation
     * @param n    number of seeds with this metric
     */
    record Stat(double mean, double std, int n) {
        static Stat of(List<Double> v) {
            double m = v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double ss = 0;
            for (double x : v) {
                ss += (x - m) * (x - m);
            }
            return new Stat(m, v.size() > 1 ? Math.sqrt(ss / (v.size() - 1)) : 0.0, v.size());
        }

        /** {@code mean ± std}, or the value alone for one seed (a spread of one value is no spread). */
        String format() {
            return n == 1 ? String.format(java.util.Locale.ROOT, "%.4f", mean)
                    : String.format(java.util.Locale.ROOT, "%.4f ± %.4f", mean, std);
        }
    }

    /**
     * A metric's value for a random guess.
     *
     * @param level the value (top-k accuracy of guessing: k / classes)
     * @param label legend text, e.g. {@code chance (1/50)}
     */
    record Chance(double level, String label) {
    }

    /**
     * The chance level of each zero-shot and compositionality metric of these runs (by metric name, as
     * {@link #of} names them).
     */
    static Map<String, Chance> chance(java.util.Collection<TrainingRunView> views) {
        Map<String, Chance> out = new LinkedHashMap<>();
        for (TrainingRunView v : views) {
            for (TrainingRunView.Compositionality c : v.compositionality()) {
                double level = c.result().path("chance").asDouble(0.5);
                String label = String.format(java.util.Locale.ROOT, "chance (%.0f %%)", 100 * level);
                for (String m : compositionalityMetrics(c.name())) {
                    out.putIfAbsent(m, new Chance(level, label));
                }
            }
            for (TrainingRunView.ZeroShot z : v.zeroShot()) {
                int classes = z.result().path("perClass").size();
                if (classes > 0) {
                    out.putIfAbsent("zero-shot " + z.name() + " top-1",
                            new Chance(1.0 / classes, "chance (1/" + classes + ")"));
                    int k = Math.min(5, classes);
                    out.putIfAbsent("zero-shot " + z.name() + " top-5",
                            new Chance((double) k / classes, "chance (" + k + "/" + classes + ")"));
                }
            }
        }
        return out;
    }

    /** Metric name to value for one run, in a stable order. */
    static Map<String, Double> of(TrainingRunView v) {
        Map<String, Double> out = new LinkedHashMap<>();
        for (TrainingRunView.ZeroShot z : v.zeroShot()) {
            put(out, "zero-shot " + z.name() + " top-1", z.result().path("top1"));
            put(out, "zero-shot " + z.name() + " top-5", z.result().path("top5"));
        }
        for (TrainingRunView.Captions c : v.captions()) {
            if (c.scores() != null) {
                JsonNode overall = c.scores().path("overall");
                put(out, "captions " + c.name() + " BLEU-4", overall.path("bleu").path("bleu").path(3));
                put(out, "captions " + c.name() + " CIDEr-D", overall.path("ciderD"));
            }
        }
        for (TrainingRunView.Retrieval r : v.retrieval()) {
            for (String dir : List.of("textToItem", "itemToText")) {
                String arrow = dir.equals("textToItem") ? "text→item" : "item→text";
                put(out, "retrieval " + r.dataset() + " " + arrow + " R@1", r.result().path(dir).path("r1"));
                put(out, "retrieval " + r.dataset() + " " + arrow + " R@10", r.result().path(dir).path("r10"));
            }
        }
        if (v.labelPrecision() != null) {
            put(out, "pseudo-labels: accepted naming the label", v.labelPrecision().path("engine/precision/accepted"));
            put(out, "pseudo-labels: rejected naming the label", v.labelPrecision().path("engine/precision/rejected"));
            put(out, "pseudo-labels: accepted (novel classes) naming the label",
                    v.labelPrecision().path("engine/precision/acceptedNovel"));
            put(out, "pseudo-labels: accepted whose nearest label is the hidden one",
                    v.labelPrecision().path("engine/nearestLabel/accepted"));
            put(out, "pseudo-labels accepted", v.labelPrecision().path("engine/accepted"));
        }
        for (TrainingRunView.Compositionality c : v.compositionality()) {
            List<String> names = compositionalityMetrics(c.name());
            put(out, names.get(0), c.result().path("mean"));
            int i = 1;
            for (String family : FAMILIES) {
                double sum = 0;
                int n = 0;
                for (Map.Entry<String, JsonNode> k : TrainingRunView.fields(c.result().path("kinds")).entrySet()) {
                    if (k.getKey().startsWith(family + "-") && k.getValue().path("accuracy").isNumber()) {
                        sum += k.getValue().path("accuracy").asDouble();
                        n++;
                    }
                }
                if (n > 0) {
                    out.put(names.get(i), sum / n);
                }
                i++;
            }
        }
        if (!v.metrics().isEmpty()) {
            put(out, "training loss (last logged)", v.metrics().get(v.metrics().size() - 1).path("loss"));
        }
        return out;
    }

    /** The compositionality benchmark's kinds grouped as SugarCrepe reports them. */
    private static final List<String> FAMILIES = List.of("replace", "swap", "add");

    /**
     * The report's compositionality columns for one benchmark: its mean over kinds, then the mean of each
     * family (replace, swap, add); the kinds themselves are in the run's own section.
     */
    static List<String> compositionalityMetrics(String name) {
        List<String> out = new ArrayList<>(List.of("compositionality " + name + " mean"));
        FAMILIES.forEach(f -> out.add("compositionality " + name + " " + f));
        return out;
    }

    private static void put(Map<String, Double> out, String name, JsonNode value) {
        if (value.isNumber()) {
            out.put(name, value.asDouble());
        }
    }

    /**
     * Aggregates runs over seeds.
     *
     * @return arm → round → metric → stat; arms in first-seen order, rounds ascending
     */
    static Map<String, Map<Integer, Map<String, Stat>>> aggregate(List<RunLayout.RunEntry> runs,
            Map<RunLayout.RunEntry, Map<String, Double>> values) {
        Map<String, Map<Integer, Map<String, List<Double>>>> raw = new LinkedHashMap<>();
        for (RunLayout.RunEntry e : runs) {
            Map<String, List<Double>> byMetric = raw.computeIfAbsent(e.arm() == null ? "run" : e.arm(),
                    k -> new TreeMap<>()).computeIfAbsent(e.round(), k -> new LinkedHashMap<>());
            values.getOrDefault(e, Map.of()).forEach((k, x) -> byMetric.computeIfAbsent(k, q -> new ArrayList<>())
                    .add(x));
        }
        Map<String, Map<Integer, Map<String, Stat>>> out = new LinkedHashMap<>();
        raw.forEach((arm, rounds) -> {
            Map<Integer, Map<String, Stat>> r = new TreeMap<>();
            rounds.forEach((round, metrics) -> {
                Map<String, Stat> m = new LinkedHashMap<>();
                metrics.forEach((k, v) -> m.put(k, Stat.of(v)));
                r.put(round, m);
            });
            out.put(arm, r);
        });
        return out;
    }
}
