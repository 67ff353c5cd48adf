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
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            order.add(i);
        }
        order.sort((a, b) -> a.equals(b) ? 0 : p[b] != p[a] ? Double.compare(p[b], p[a]) : Integer.compare(a, b));
        List<Tag> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, order.size()); i++) {
            int c = order.get(i);
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
