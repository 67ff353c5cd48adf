package dev.listkit.core.eval.caption;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Corpus-level BLEU as coco-caption's {@code bleu_scorer.py} with {@code option='closest'}: clipped
 * n-gram matches and candidate n-gram totals summed over the corpus; the reference length per
 * candidate is the closest reference length (ties go to the shorter); brevity penalty
 * {@code exp(1 − r/c)} when {@code c < r}; the same tiny/small constants guard empty counts.
 */
public final class Bleu {
    /** Maximum n-gram order. */
    public static final int MAX_N = 4;
    private static final double TINY = 1e-15;
    private static final double SMALL = 1e-9;

    private Bleu() {
    }

    /** Tokenises with {@link PtbTokenizer} and scores; {@code references.get(i)} belongs to candidate i. */
    public static BleuScore corpus(List<String> candidates, List<List<String>> references) {
        return corpusTokens(tokenize(candidates), tokenizeAll(references));
    }

    /** Scores already-tokenised captions. */
    public static BleuScore corpusTokens(List<List<String>> candidates, List<List<List<String>>> references) {
        if (candidates.size() != references.size()) {
            throw new IllegalArgumentException(candidates.size() + " candidates but " + references.size() + " reference sets");
        }
        long[] guess = new long[MAX_N];
        long[] correct = new long[MAX_N];
        long testLen = 0;
        long refLen = 0;
        for (int i = 0; i < candidates.size(); i++) {
            List<String> cand = candidates.get(i);
            List<List<String>> refs = references.get(i);
            if (refs.isEmpty()) {
                throw new IllegalArgumentException("candidate " + i + " has no reference");
            }
            Map<String, Integer> maxRef = new HashMap<>();
            int closest = -1;
            for (List<String> ref : refs) {
                NGrams.count(ref, MAX_N).forEach((g, c) -> maxRef.merge(g, c, Math::max));
                int d = Math.abs(ref.size() - cand.size());
                int best = closest < 0 ? Integer.MAX_VALUE : Math.abs(closest - cand.size());
                if (d < best || (d == best && ref.size() < closest)) {
                    closest = ref.size();
                }
            }
            testLen += cand.size();
            refLen += closest;
            for (int n = 1; n <= MAX_N; n++) {
                guess[n - 1] += Math.max(cand.size() - n + 1, 0);
            }
            for (Map.Entry<String, Integer> e : NGrams.count(cand, MAX_N).entrySet()) {
                correct[NGrams.order(e.getKey()) - 1] += Math.min(e.getValue(), maxRef.getOrDefault(e.getKey(), 0));
            }
        }
        List<Double> bleus = new ArrayList<>(MAX_N);
        double product = 1;
        double ratio = (testLen + TINY) / (refLen + SMALL);
        double penalty = ratio < 1 ? Math.exp(1 - 1 / ratio) : 1;
        for (int n = 1; n <= MAX_N; n++) {
            product *= (correct[n - 1] + TINY) / (guess[n - 1] + SMALL);
            bleus.add(Math.pow(product, 1.0 / n) * penalty);
        }
        return new BleuScore(bleus, (int) testLen, (int) refLen);
    }

    static List<List<String>> tokenize(List<String> texts) {
        List<List<String>> out = new ArrayList<>(texts.size());
        for (String t : texts) {
            out.add(PtbTokenizer.tokenize(t));
        }
        return out;
    }

    static List<List<List<String>>> tokenizeAll(List<List<String>> sets) {
        List<List<List<String>>> out = new ArrayList<>(sets.size());
        for (List<String> s : sets) {
            out.add(tokenize(s));
        }
        return out;
    }
}
