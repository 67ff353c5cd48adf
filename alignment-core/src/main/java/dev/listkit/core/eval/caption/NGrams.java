package dev.listkit.core.eval.caption;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** n-gram counting shared by the metrics; an n-gram is its tokens joined by single spaces. */
final class NGrams {
    private NGrams() {
    }

    /** Counts of all n-grams with 1 ≤ n ≤ maxN. */
    static Map<String, Integer> count(List<String> tokens, int maxN) {
        Map<String, Integer> counts = new HashMap<>();
        for (int n = 1; n <= maxN; n++) {
            for (int i = 0; i + n <= tokens.size(); i++) {
                counts.merge(String.join(" ", tokens.subList(i, i + n)), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Order of an n-gram key. */
    static int order(String ngram) {
        int n = 1;
        for (int i = 0; i < ngram.length(); i++) {
            if (ngram.charAt(i) == ' ') {
                n++;
            }
        }
        return n;
    }
}
