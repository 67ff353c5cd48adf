package dev.listkit.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.util.Vectors;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RetrievalEvaluatorTest {
    @Test
    void handComputedRanksWithTwoCaptionsPerItem() {
        // 3 items, 6 texts; text j describes item j / 2
        int[] owner = {0, 0, 1, 1, 2, 2};
        float[][] sim = {
                {0.9f, 0.1f, 0.5f, 0.2f, 0.3f, 0.0f}, // item 0: best own 0.9, rank 1
                {0.8f, 0.7f, 0.4f, 0.6f, 0.1f, 0.2f}, // item 1: best own 0.6, above: 0.8 0.7 -> rank 3
                {0.5f, 0.4f, 0.3f, 0.2f, 0.1f, 0.0f}, // item 2: best own 0.1, above: 4 -> rank 5
        };
        RetrievalResult r = RetrievalEvaluator.evaluate(sim, owner);
        DirectionScores i2t = r.itemToText();
        assertEquals(1 / 3.0, i2t.r1(), 1e-12);
        assertEquals(1.0, i2t.r5(), 1e-12);
        assertEquals(3.0, i2t.medianRank(), 0);
        assertEquals(3.0, i2t.meanRank(), 1e-12);
        // text ranks (column j, own item owner[j]):
        // t0 own .9 -> 1; t1 own .1, above .7 .4 -> 3; t2 own .4, above .5 -> 2; t3 own .6 -> 1;
        // t4 own .1, above .3 -> 2; t5 own .0, above .2 -> 2
        DirectionScores t2i = r.textToItem();
        assertEquals(2 / 6.0, t2i.r1(), 1e-12);
        assertEquals(1.0, t2i.r5(), 1e-12);
        assertEquals(2.0, t2i.medianRank(), 0); // sorted 1 1 2 2 2 3
        assertEquals(11 / 6.0, t2i.meanRank(), 1e-12);
    }

    /** Independent reference: sort candidates by score and find the first correct one. */
    static int sortRank(float[] scores, java.util.function.IntPredicate correct) {
        Integer[] order = IntStream.range(0, scores.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> -scores[k]));
        for (int p = 0; p < order.length; p++) {
            if (correct.test(order[p])) {
                return p + 1;
            }
        }
        throw new AssertionError();
    }

    @Test
    void matchesSortingReferenceOnRandomEmbeddings() {
        Random rnd = new Random(7);
        int n = 60;
        int d = 16;
        float[][] items = new float[n][d];
        float[][] texts = new float[3 * n][d];
        int[] owner = new int[3 * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < d; k++) {
                items[i][k] = (float) rnd.nextGaussian();
            }
            for (int c = 0; c < 3; c++) {
                owner[3 * i + c] = i;
                for (int k = 0; k < d; k++) {
                    texts[3 * i + c][k] = items[i][k] + 1.5f * (float) rnd.nextGaussian();
                }
            }
        }
        RetrievalResult r = RetrievalEvaluator.evaluate(items, texts, owner);
        float[][] sim = Vectors.cosineMatrix(items, texts);
        int hits5 = 0;
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            int fi = i;
            int rank = sortRank(sim[i], j -> owner[j] == fi);
            hits5 += rank <= 5 ? 1 : 0;
            rankSum += rank;
        }
        assertEquals(hits5 / (double) n, r.itemToText().r5(), 1e-12);
        assertEquals(rankSum / n, r.itemToText().meanRank(), 1e-9);
        int hits1 = 0;
        for (int j = 0; j < texts.length; j++) {
            float[] column = new float[n];
            for (int i = 0; i < n; i++) {
                column[i] = sim[i][j];
            }
            int fj = j;
            hits1 += sortRank(column, i -> owner[fj] == i) == 1 ? 1 : 0;
        }
        assertEquals(hits1 / (double) texts.length, r.textToItem().r1(), 1e-12);
        assertTrue(r.textToItem().r10() > 0.2, "signal present: " + r.textToItem());
    }

    @Test
    void twoThousandSquaredIsFast() {
        Random rnd = new Random(1);
        int n = 2000;
        int d = 64;
        float[][] items = new float[n][d];
        float[][] texts = new float[n][d];
        int[] owner = new int[n];
        for (int i = 0; i < n; i++) {
            owner[i] = i;
            for (int k = 0; k < d; k++) {
                items[i][k] = (float) rnd.nextGaussian();
                texts[i][k] = items[i][k]; // identical: every query ranks its own first
            }
        }
        long t0 = System.nanoTime();
        RetrievalResult r = RetrievalEvaluator.evaluate(items, texts, owner);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(1.0, r.itemToText().r1(), 0);
        assertEquals(1.0, r.textToItem().r1(), 0);
        assertEquals(1.0, r.textToItem().medianRank(), 0);
        assertTrue(seconds < 10, "2000x2000 took " + seconds + " s");
    }
}
