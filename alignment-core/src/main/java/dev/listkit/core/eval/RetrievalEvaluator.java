package dev.listkit.core.eval;

import dev.listkit.core.util.Vectors;
import java.util.Arrays;

/**
 * Cross-modal retrieval recall at 1/5/10 and ranks, with several captions per item, as in the
 * CLIP/COCO protocol. The rank of a query is 1 + the number of candidates scoring strictly higher
 * than its best correct candidate (ties count in the query's favour). O(N·M·D) for the similarity
 * matrix plus O(N·M) for ranks; no sorting.
 */
public final class RetrievalEvaluator {
    private RetrievalEvaluator() {
    }

    /**
     * @param items (N, D) item embeddings
     * @param texts (M, D) caption embeddings
     * @param textToItem (M) index of the item each caption describes
     */
    public static RetrievalResult evaluate(float[][] items, float[][] texts, int[] textToItem) {
        return evaluate(Vectors.cosineMatrix(items, texts), textToItem);
    }

    /**
     * From a precomputed similarity matrix.
     *
     * @param similarity (N, M) item-by-text scores
     * @param textToItem (M) index of the item each caption describes
     */
    public static RetrievalResult evaluate(float[][] similarity, int[] textToItem) {
        int n = similarity.length;
        int m = textToItem.length;
        for (float[] row : similarity) {
            if (row.length != m) {
                throw new IllegalArgumentException("similarity rows must have one column per text (" + m + ")");
            }
        }
        // best score of an item's own captions: the threshold its item→text query must beat
        float[] bestOwn = new float[n];
        Arrays.fill(bestOwn, Float.NEGATIVE_INFINITY);
        boolean[] hasCaption = new boolean[n];
        for (int j = 0; j < m; j++) {
            int i = textToItem[j];
            if (i < 0 || i >= n) {
                throw new IllegalArgumentException("text " + j + " refers to item " + i + " outside [0, " + n + ")");
            }
            hasCaption[i] = true;
            bestOwn[i] = Math.max(bestOwn[i], similarity[i][j]);
        }
        int[] itemRanks = new int[n];
        for (int i = 0; i < n; i++) {
            if (!hasCaption[i]) {
                throw new IllegalArgumentException("item " + i + " has no caption");
            }
            int above = 0;
            for (int j = 0; j < m; j++) {
                if (similarity[i][j] > bestOwn[i]) {
                    above++;
                }
            }
            itemRanks[i] = above + 1;
        }
        int[] textRanks = new int[m];
        for (int j = 0; j < m; j++) {
            float own = similarity[textToItem[j]][j];
            int above = 0;
            for (int i = 0; i < n; i++) {
                if (similarity[i][j] > own) {
                    above++;
                }
            }
            textRanks[j] = above + 1;
        }
        return new RetrievalResult(n, m, scores(itemRanks), scores(textRanks));
    }

    /** Recall at 1/5/10 and median/mean rank from 1-based ranks. */
    static DirectionScores scores(int[] ranks) {
        int[] sorted = ranks.clone();
        Arrays.sort(sorted);
        int q = sorted.length;
        double median = q == 0 ? 0 : q % 2 == 1 ? sorted[q / 2] : (sorted[q / 2 - 1] + sorted[q / 2]) / 2.0;
        double sum = 0;
        int r1 = 0;
        int r5 = 0;
        int r10 = 0;
        for (int r : ranks) {
            sum += r;
            r1 += r <= 1 ? 1 : 0;
            r5 += r <= 5 ? 1 : 0;
            r10 += r <= 10 ? 1 : 0;
        }
        double d = Math.max(q, 1);
        return new DirectionScores(r1 / d, r5 / d, r10 / d, median, sum / d);
    }
}
