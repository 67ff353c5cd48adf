package dev.listkit.core.eval.compositional;

import dev.listkit.core.ListkitException;
import dev.listkit.core.text.TextEmbedder;
import dev.listkit.core.util.Vectors;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model's joint-space similarity as the score of a caption for an item: the cosine between the item's
 * embedding and the caption's. Every distinct text is embedded once, in batches of {@code batchSize}.
 */
public final class EmbeddingScorer implements CompositionalityEvaluator.PairScorer {
    private final Map<String, float[]> items;
    private final TextEmbedder texts;
    private final int batchSize;

    /**
     * @param items     (E) embedding of each item, by id
     * @param texts     embeds captions into the same space
     * @param batchSize texts per call to {@code texts}
     */
    public EmbeddingScorer(Map<String, float[]> items, TextEmbedder texts, int batchSize) {
        this.items = items;
        this.texts = texts;
        this.batchSize = batchSize;
    }

    @Override
    public double[][] score(List<HardNegative> pairs) throws ListkitException {
        Map<String, Integer> index = new LinkedHashMap<>();
        for (HardNegative p : pairs) {
            index.putIfAbsent(p.positive(), index.size());
            index.putIfAbsent(p.negative(), index.size());
        }
        List<String> unique = new ArrayList<>(index.keySet());
        float[][] emb = new float[unique.size()][]; // (T, E)
        for (int from = 0; from < unique.size(); from += batchSize) {
            List<String> batch = unique.subList(from, Math.min(unique.size(), from + batchSize));
            float[][] e = texts.embed(batch);
            System.arraycopy(e, 0, emb, from, e.length);
        }
        Map<String, float[]> normalised = new HashMap<>();
        double[][] out = new double[pairs.size()][2]; // (P, 2)
        for (int p = 0; p < pairs.size(); p++) {
            HardNegative h = pairs.get(p);
            float[] item = normalised.get(h.item());
            if (item == null) {
                float[] raw = items.get(h.item());
                if (raw == null) {
                    throw new ListkitException("no embedding for item " + h.item());
                }
                item = Vectors.normalized(raw);
                normalised.put(h.item(), item);
            }
            out[p][0] = dot(item, Vectors.normalized(emb[index.get(h.positive())]));
            out[p][1] = dot(item, Vectors.normalized(emb[index.get(h.negative())]));
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embedding sizes differ: " + a.length + " and " + b.length);
        }
        double s = 0;
        for (int d = 0; d < a.length; d++) {
            s += (double) a[d] * b[d];
        }
        return s;
    }
}
