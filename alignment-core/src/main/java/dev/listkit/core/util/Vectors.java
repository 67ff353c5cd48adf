package dev.listkit.core.util;

import java.util.stream.IntStream;

/** Plain-Java vector helpers for evaluation; rows are embeddings. */
public final class Vectors {
    private Vectors() {
    }

    /** A copy of {@code v} scaled to unit L2 norm (a zero vector stays zero). */
    public static float[] normalized(float[] v) {
        double sq = 0;
        for (float x : v) {
            sq += (double) x * x;
        }
        double norm = Math.max(Math.sqrt(sq), 1e-12);
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (float) (v[i] / norm);
        }
        return out;
    }

    /** Row-wise {@link #normalized}: (N, D) → (N, D). */
    public static float[][] normalizedRows(float[][] rows) {
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            out[i] = normalized(rows[i]);
        }
        return out;
    }

    /**
     * Dot products of every row of {@code q} with every row of {@code k}, rows computed in parallel.
     *
     * @param q (N, D)
     * @param k (M, D)
     * @return (N, M)
     */
    public static float[][] dotMatrix(float[][] q, float[][] k) {
        int dim = checkDims(q, k);
        float[][] out = new float[q.length][k.length];
        IntStream.range(0, q.length).parallel().forEach(i -> {
            float[] qi = q[i];
            float[] row = out[i];
            for (int j = 0; j < k.length; j++) {
                float[] kj = k[j];
                float s = 0;
                for (int d = 0; d < dim; d++) {
                    s += qi[d] * kj[d];
                }
                row[j] = s;
            }
        });
        return out;
    }

    /** Cosine similarities: {@link #dotMatrix} of the normalised rows, (N, D) × (M, D) → (N, M). */
    public static float[][] cosineMatrix(float[][] q, float[][] k) {
        return dotMatrix(normalizedRows(q), normalizedRows(k));
    }

    private static int checkDims(float[][] q, float[][] k) {
        int dim = q.length > 0 ? q[0].length : k.length > 0 ? k[0].length : 0;
        for (float[][] m : new float[][][] {q, k}) {
            for (float[] row : m) {
                if (row.length != dim) {
                    throw new IllegalArgumentException("embedding rows differ in dimension: " + row.length + " vs " + dim);
                }
            }
        }
        return dim;
    }
}
