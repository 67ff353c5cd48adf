package dev.listkit.core.tower;

/**
 * What a frozen tower returns for a batch of B samples, as flat row-major arrays.
 *
 * @param batch   B
 * @param dim     D, width of the pooled vector and of each token
 * @param tokens  T, tokens per sample
 * @param pooled  (B, D)
 * @param tokenValues (B, T, D)
 * @param classes K, width of the classifier output (0 when the tower has none)
 * @param logits  (B, K) classifier output, or null
 */
public record TowerOutputs(int batch, int dim, int tokens, float[] pooled, float[] tokenValues, int classes,
                           float[] logits) {
    /** One sample's pooled vector followed by its tokens: {@code (1 + T) * D} values. */
    public float[] packed(int i) {
        float[] out = new float[(1 + tokens) * dim];
        System.arraycopy(pooled, i * dim, out, 0, dim);
        System.arraycopy(tokenValues, i * tokens * dim, out, dim, tokens * dim);
        return out;
    }

    /** One sample's classifier output (K values), or null. */
    public float[] logits(int i) {
        if (logits == null) {
            return null;
        }
        float[] out = new float[classes];
        System.arraycopy(logits, i * classes, out, 0, classes);
        return out;
    }
}
