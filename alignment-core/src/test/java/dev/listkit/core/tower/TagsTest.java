package dev.listkit.core.tower;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The top-k scan gives the tags a full sort gives (probability descending, lower class index first on ties). */
class TagsTest {
    @Test
    void topKEqualsTheFullSortIncludingTies() {
        SplittableRandom g = new SplittableRandom(5);
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            labels.add("class " + i);
        }
        for (int trial = 0; trial < 300; trial++) {
            float[] logits = new float[60];
            for (int i = 0; i < logits.length; i++) {
                logits[i] = trial % 3 == 0 ? (float) Math.floor(g.nextDouble() * 4) : (float) (3 * g.nextGaussian());
            }
            for (String activation : List.of("sigmoid", "softmax")) {
                for (int k : new int[] {1, 5, 60, 80}) {
                    assertEquals(reference(logits, labels, k, activation), Tags.top(logits, labels, k, activation),
                            trial + " " + activation + " k=" + k);
                }
            }
        }
    }

    /** The earlier implementation: sort every class. */
    private static Tags reference(float[] logits, List<String> labels, int k, String activation) {
        double[] p = new double[logits.length];
        double max = Double.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (int i = 0; i < p.length; i++) {
            p[i] = activation.equals("softmax") ? Math.exp(logits[i] - max) : 1 / (1 + Math.exp(-logits[i]));
            sum += p[i];
        }
        if (activation.equals("softmax")) {
            for (int i = 0; i < p.length; i++) {
                p[i] /= sum;
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < p.length; i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingDouble(i -> -p[i]).thenComparing(i -> i));
        List<Tags.Tag> out = new ArrayList<>();
        for (int i = 0; i < Math.min(k, p.length); i++) {
            int c = order.get(i);
            out.add(new Tags.Tag(labels.get(c), Math.round(p[c] * 1e4) / 1e4));
        }
        return new Tags(out);
    }
}
