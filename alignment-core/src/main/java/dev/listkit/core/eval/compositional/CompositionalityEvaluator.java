package dev.listkit.core.eval.compositional;

import dev.listkit.core.ListkitException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Scores a {@link Benchmark}: a pair is passed when the model scores the positive above the negative for the
 * pair's item; a tie counts half. Any scorer works (the model's joint-space similarity, see
 * {@link EmbeddingScorer}, or a test's own).
 */
public final class CompositionalityEvaluator {
    /** The chance level: a scorer that cannot tell positive from negative passes half the pairs. */
    public static final double CHANCE = 0.5;

    private CompositionalityEvaluator() {
    }

    /** Scores the positive and the negative of each pair for its item. */
    @FunctionalInterface
    public interface PairScorer {
        /**
         * @return (P, 2): for pair p, {@code [p][0]} the positive's score and {@code [p][1]} the negative's
         */
        double[][] score(List<HardNegative> pairs) throws ListkitException;
    }

    /** Accuracy per kind and its mean over the kinds with pairs. */
    public static CompositionalityResult evaluate(Benchmark benchmark, PairScorer scorer) throws ListkitException {
        List<HardNegative> pairs = benchmark.pairs();
        double[][] scores = pairs.isEmpty() ? new double[0][2] : scorer.score(pairs); // (P, 2)
        if (scores.length != pairs.size()) {
            throw new ListkitException("scorer returned " + scores.length + " rows for " + pairs.size() + " pairs");
        }
        Map<String, int[]> counts = new LinkedHashMap<>(); // kind → {pairs, correct, ties}
        benchmark.generated().keySet().forEach(k -> counts.put(k, new int[3]));
        for (int p = 0; p < pairs.size(); p++) {
            int[] c = counts.computeIfAbsent(pairs.get(p).kind(), k -> new int[3]);
            c[0]++;
            if (scores[p][0] > scores[p][1]) {
                c[1]++;
            } else if (scores[p][0] == scores[p][1]) {
                c[2]++;
            }
        }
        Map<String, CompositionalityResult.KindAccuracy> kinds = new LinkedHashMap<>();
        double sum = 0;
        int withPairs = 0;
        for (Map.Entry<String, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            Double accuracy = null;
            Double se = null;
            if (c[0] > 0) {
                double a = (c[1] + 0.5 * c[2]) / c[0];
                accuracy = a;
                se = Math.sqrt(a * (1 - a) / c[0]);
                sum += a;
                withPairs++;
            }
            kinds.put(e.getKey(), new CompositionalityResult.KindAccuracy(c[0], c[1], c[2], accuracy, se));
        }
        return new CompositionalityResult(benchmark.seed(), benchmark.items(), benchmark.positives(),
                benchmark.unknown(), pairs.size(), CHANCE, kinds, withPairs == 0 ? null : sum / withPairs);
    }
}
