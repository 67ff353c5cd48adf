package dev.listkit.core.tower;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A frozen encoder's classifier output turned into the top-k named tags of a sample (e.g. AudioSet's
 * "Cattle, bovinae" and "Moo" for a cow), the noisy alt-text the data engine attaches to pool samples.
 *
 * @param tags the tags, best first
 */
public record Tags(List<Tag> tags) {
    /** Metadata key of the tag names, joined by {@code "; "} (what the {@code alttext} refiner reads). */
    public static final String KEY = "tags";
    /** Metadata key of the scores, in the same order, joined by {@code ";"}. */
    public static final String SCORES_KEY = "tagScores";

    public Tags {
        tags = List.copyOf(tags);
    }

    /**
     * One tag.
     *
     * @param label the class name
     * @param score its probability (sigmoid or softmax of the logit)
     */
    public record Tag(String label, double score) {
    }

    /**
     * The {@code k} best classes of one sample.
     *
     * @param logits     (K) classifier output
     * @param labels     K class names
     * @param activation {@code sigmoid} or {@code softmax}
     */
    public static Tags top(float[] logits, List<String> labels, int k, String activation) {
        double[] p = new double[logits.length];
        if (activation.equals("softmax")) {
            double max = Double.NEGATIVE_INFINITY;
            for (float v : logits) {
                max = Math.max(max, v);
            }
            double sum = 0;
            for (int i = 0; i < p.length; i++) {
                p[i] = Math.exp(logits[i] - max);
                sum += p[i];
            }
            for (int i = 0; i < p.length; i++) {
                p[i] /= sum;
            }
        } else {
            for (int i = 0; i < p.length; i++) {
                p[i] = 1 / (1 + Math.exp(-logits[i]));
            }
        }
        // The k best by (probability descending, index ascending), kept sorted while scanning once: the order a
        // full sort gives, without sorting all K classes of every sample.
        int keep = Math.min(k, p.length);
        int[] best = new int[keep];
        int n = 0;
        for (int i = 0; i < p.length; i++) {
            if (n == keep && !(p[i] > p[best[n - 1]])) {
                continue; // not better than the k-th (an equal probability loses to the lower index already kept)
            }
            int j = n == keep ? n - 1 : n++;
            while (j > 0 && p[i] > p[best[j - 1]]) {
                best[j] = best[j - 1];
                j--;
            }
            best[j] = i;
        }
        List<Tag> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = best[i];
            out.add(new Tag(labels.get(c), Math.round(p[c] * 1e4) / 1e4));
        }
        return new Tags(out);
    }

    /** The two metadata entries {@value #KEY} and {@value #SCORES_KEY}. */
    public Map<String, String> metadata() {
        return Map.of(KEY, tags.stream().map(Tag::label).collect(Collectors.joining("; ")),
                SCORES_KEY, tags.stream().map(t -> String.format(Locale.ROOT, "%.4f", t.score()))
                        .collect(Collectors.joining(";")));
    }
}
