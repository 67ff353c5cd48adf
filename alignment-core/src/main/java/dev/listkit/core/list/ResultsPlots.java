package dev.listkit.core.list;

import dev.listkit.core.eval.report.Plots;
import dev.listkit.core.eval.report.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PNG plots of a self-training experiment: each evaluation metric against the round, one line per arm (mean ±
 * std); of the compositionality benchmark only its mean over kinds (the kinds are in {@code results.json}).
 */
final class ResultsPlots {
    private ResultsPlots() {
    }

    static void write(Path runDir, SelfTrainingResults results) throws IOException {
        Set<String> metrics = new LinkedHashSet<>();
        results.arms().values().forEach(rounds -> rounds.values().forEach(m -> m.keySet().stream()
                .filter(k -> k.startsWith("zeroshot/") || k.startsWith("captions/") || k.startsWith("retrieval/")
                        || k.equals("compositionality/mean"))
                .forEach(metrics::add)));
        for (String metric : metrics) {
            List<Series> means = new ArrayList<>();
            List<List<Double>> errors = new ArrayList<>();
            for (Map.Entry<String, Map<Integer, Map<String, SelfTrainingResults.Stat>>> arm : results.arms().entrySet()) {
                List<Double> x = new ArrayList<>();
                List<Double> y = new ArrayList<>();
                List<Double> e = new ArrayList<>();
                arm.getValue().forEach((round, stats) -> {
                    SelfTrainingResults.Stat s = stats.get(metric);
                    if (s != null) {
                        x.add(round.doubleValue());
                        y.add(s.mean());
                        e.add(s.std());
                    }
                });
                if (!x.isEmpty()) {
                    means.add(new Series(arm.getKey(), x, y));
                    errors.add(e);
                }
            }
            String file = "results-" + metric.replaceAll("[^A-Za-z0-9]+", "-") + ".png";
            Plots.lineWithErrors(runDir.resolve(file), results.recipe() + ": " + metric + " (mean ± std over "
                    + results.seeds().size() + " seeds)", "round", metric, means, errors, 900, 500);
        }
    }
}
