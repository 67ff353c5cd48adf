package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

/**
 * Additive attention masks: 0 where a query may attend, {@link #NEG} where it may not. A finite large
 * negative (not -inf) keeps fully masked rows free of NaN; exp(NEG - max) underflows to exactly 0 in
 * float32, so masked keys contribute nothing, which is what makes cached and full decoding agree.
 */
public final class Masks {
    /** The additive value of a masked position. */
    public static final float NEG = -1e9f;

    private Masks() {
    }

    /**
     * Causal mask for queries at absolute positions {@code offset .. offset+tq-1} over keys
     * {@code 0 .. offset+tq-1}. The returned array belongs to {@code manager}.
     *
     * @return additive mask (Tq, Tk)
     */
    public static NDArray causal(NDManager manager, long offset, long tq) {
        long tk = offset + tq;
        NDArray q = manager.arange(offset, offset + tq, 1, DataType.INT64).reshape(tq, 1); // (Tq, 1)
        NDArray k = manager.arange(0, tk, 1, DataType.INT64).reshape(1, tk); // (1, Tk)
        return Scalars.mul(k.gt(q).toType(DataType.FLOAT32, false), NEG); // (Tq, Tk)
    }

    /**
     * Key padding mask from a keep-mask (1 or true = real token, 0 = padding). The returned array lives
     * in the keep-mask's manager.
     *
     * @param keep (B, Tk)
     * @return additive mask (B, 1, 1, Tk), broadcastable over heads and queries
     */
    public static NDArray keyPadding(NDArray keep) {
        long b = keep.getShape().get(0);
        long tk = keep.getShape().get(1);
        NDArray k = keep.toType(DataType.FLOAT32, false); // (B, Tk)
        return Scalars.mul(k.neg().add(1f), NEG).reshape(b, 1, 1, tk); // (B, 1, 1, Tk)
    }
}
