package dev.listkit.core.eval.caption;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CIDEr-D as coco-caption's {@code cider_scorer.py}: for n = 1..4, TF-IDF vectors
 * {@code tf · (ln N − ln max(1, df))} with document frequency counted over the reference sets of the
 * N evaluated items; the candidate's weights clipped by the reference's
 * ({@code Σ min(v_c, v_r)·v_r / (|v_c|·|v_r|)}); a Gaussian length penalty
 * {@code exp(−Δ²/(2σ²))}, σ = 6; averaged over n, over references, times 10. As in coco-caption the
 * length used for Δ is the candidate's bigram count, which gives the same Δ as word counts for
 * non-empty captions. With a single item ln N = 0 and every score is 0, as in coco-caption.
 */
public final class CiderD {
    /** Maximum n-gram order. */
    public static final int MAX_N = 4;
    /** Standard deviation of the length penalty, in tokens. */
    public static final double SIGMA = 6.0;

    private CiderD() {
    }

    /** Tokenises with {@link PtbTokenizer} and scores; {@code references.get(i)} belongs to candidate i. */
    public static CiderScore score(List<String> candidates, List<List<String>> references) {
        return scoreTokens(Bleu.tokenize(candidates), Bleu.tokenizeAll(references));
    }

    /** Scores already-tokenised captions. */
    public static CiderScore scoreTokens(List<List<String>> candidates, List<List<List<String>>> references) {
        if (candidates.size() != references.size()) {
            throw new IllegalArgumentException(candidates.size() + " candidates but " + references.size() + " reference sets");
        }
        List<List<Map<String, Integer>>> refCounts = new ArrayList<>();
        Map<String, Integer> docFreq = new HashMap<>();
        for (int i = 0; i < references.size(); i++) {
            if (references.get(i).isEmpty()) {
                throw new IllegalArgumentException("candidate " + i + " has no reference");
            }
            List<Map<String, Integer>> counts = new ArrayList<>();
            Map<String, Boolean> inItem = new HashMap<>();
            for (List<String> ref : references.get(i)) {
                Map<String, Integer> c = NGrams.count(ref, MAX_N);
                counts.add(c);
                c.keySet().forEach(g -> inItem.put(g, Boolean.TRUE));
            }
            inItem.keySet().forEach(g -> docFreq.merge(g, 1, Integer::sum));
            refCounts.add(counts);
        }
        double logN = Math.log(references.size());
        List<Double> scores = new ArrayList<>(candidates.size());
        double sum = 0;
        for (int i = 0; i < candidates.size(); i++) {
            TfIdf cand = TfIdf.of(NGrams.count(candidates.get(i), MAX_N), docFreq, logN);
            double[] total = new double[MAX_N];
            for (Map<String, Integer> ref : refCounts.get(i)) {
                TfIdf r = TfIdf.of(ref, docFreq, logN);
                double delta = cand.length - r.length;
                double penalty = Math.exp(-(delta * delta) / (2 * SIGMA * SIGMA));
                for (int n = 0; n < MAX_N; n++) {
                    double dot = 0;
                    for (Map.Entry<String, Double> e : cand.vec.get(n).entrySet()) {
                        double rv = r.vec.get(n).getOrDefault(e.getKey(), 0.0);
                        dot += Math.min(e.getValue(), rv) * rv;
                    }
                    if (cand.norm[n] != 0 && r.norm[n] != 0) {
                        dot /= cand.norm[n] * r.norm[n];
                    }
                    total[n] += dot * penalty;
                }
            }
            double mean = 0;
            for (double t : total) {
                mean += t / MAX_N;
            }
            double score = mean / refCounts.get(i).size() * 10.0;
            scores.add(score);
            sum += score;
        }
        return new CiderScore(candidates.isEmpty() ? 0 : sum / candidates.size(), scores);
    }

    /** TF-IDF vectors per order, their norms, and coco-caption's length (bigram count). */
    private record TfIdf(List<Map<String, Double>> vec, double[] norm, int length) {
        static TfIdf of(Map<String, Integer> counts, Map<String, Integer> docFreq, double logN) {
            List<Map<String, Double>> vec = new ArrayList<>(MAX_N);
            for (int n = 0; n < MAX_N; n++) {
                vec.add(new HashMap<>());
            }
            double[] sq = new double[MAX_N];
            int length = 0;
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                int n = NGrams.order(e.getKey()) - 1;
                double df = Math.log(Math.max(1.0, docFreq.getOrDefault(e.getKey(), 0)));
                double v = e.getValue() * (logN - df);
                vec.get(n).put(e.getKey(), v);
                sq[n] += v * v;
                if (n == 1) {
                    length += e.getValue();
                }
            }
            double[] norm = new double[MAX_N];
            for (int n = 0; n < MAX_N; n++) {
                norm[n] = Math.sqrt(sq[n]);
            }
            return new TfIdf(vec, norm, length);
        }
    }
}
