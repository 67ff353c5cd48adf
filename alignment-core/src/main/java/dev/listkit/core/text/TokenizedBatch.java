package dev.listkit.core.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Token ids of a batch of texts, right-padded to the longest one.
 *
 * @param ids (B, T) token ids, special tokens included
 * @param attentionMask (B, T) 1 for real tokens, 0 for padding
 * @param truncated how many texts of this batch were cut to the maximum length
 */
public record TokenizedBatch(long[][] ids, long[][] attentionMask, int truncated) {

    /** Batch size B. */
    public int size() {
        return ids.length;
    }

    /** Padded length T. */
    public int length() {
        return ids.length == 0 ? 0 : ids[0].length;
    }

    /** The ids as an int64 (B, T) NDArray owned by {@code manager}. */
    public NDArray idsArray(NDManager manager) {
        return manager.create(flatten(ids), new Shape(size(), length()));
    }

    /** The mask as an int64 (B, T) NDArray owned by {@code manager}. */
    public NDArray maskArray(NDManager manager) {
        return manager.create(flatten(attentionMask), new Shape(size(), length()));
    }

    private static long[] flatten(long[][] rows) {
        int t = rows.length == 0 ? 0 : rows[0].length;
        long[] flat = new long[rows.length * t];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, flat, i * t, t);
        }
        return flat;
    }
}
