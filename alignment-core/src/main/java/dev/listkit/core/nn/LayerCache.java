package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Embedding;

/**
 * Cached keys and values of one decoder layer for incremental decoding: the growing self-attention
 * keys/values and the fixed cross-attention keys/values of the modality tokens. All arrays belong to
 * the owning {@link KvCache}'s manager; replaced arrays are closed at once.
 */
public final class LayerCache {
    private final NDManager manager;
    private NDArray selfK; // (B, H, t, hd)
    private NDArray selfV; // (B, H, t, hd)
    private NDArray crossK; // (B, H, Tm, hd)
    private NDArray crossV; // (B, H, Tm, hd)

    LayerCache(NDManager manager) {
        this.manager = manager;
    }

    /** Number of positions already cached in self-attention. */
    public long length() {
        return selfK == null ? 0 : selfK.getShape().get(2);
    }

    /**
     * Appends new keys/values (B, H, Tnew, hd) and returns the full ones (B, H, t+Tnew, hd), owned by
     * this cache (callers must not close them).
     */
    NDArray[] appendSelf(NDArray k, NDArray v) {
        if (selfK == null) {
            selfK = own(k.duplicate());
            selfV = own(v.duplicate());
        } else {
            selfK = replace(selfK, selfK.concat(k, 2));
            selfV = replace(selfV, selfV.concat(v, 2));
        }
        return new NDArray[] {selfK, selfV};
    }

    boolean hasCross() {
        return crossK != null;
    }

    NDArray[] cross() {
        return new NDArray[] {crossK, crossV};
    }

    void setCross(NDArray k, NDArray v) {
        crossK = own(k.duplicate());
        crossV = own(v.duplicate());
    }

    /** Keeps rows {@code rows} (B') of every cached array, in that order (beam reordering). */
    void reorder(NDArray rows) {
        selfK = selfK == null ? null : replace(selfK, gatherRows(selfK, rows));
        selfV = selfV == null ? null : replace(selfV, gatherRows(selfV, rows));
        crossK = crossK == null ? null : replace(crossK, gatherRows(crossK, rows));
        crossV = crossV == null ? null : replace(crossV, gatherRows(crossV, rows));
    }

    private NDArray own(NDArray a) {
        a.attach(manager);
        return a;
    }

    private NDArray replace(NDArray old, NDArray fresh) {
        own(fresh);
        old.close();
        return fresh;
    }

    /** index_select along axis 0, via an embedding lookup on the flattened rows. */
    static NDArray gatherRows(NDArray a, NDArray rows) {
        long b = a.getShape().get(0);
        long[] rest = a.getShape().slice(1).getShape();
        try (NDArray flat = a.reshape(b, -1)) { // (B, rest)
            NDArray picked = Embedding.embedding(rows, flat, SparseFormat.DENSE).singletonOrThrow(); // (B', rest)
            long[] shape = new long[rest.length + 1];
            shape[0] = rows.getShape().get(0);
            System.arraycopy(rest, 0, shape, 1, rest.length);
            NDArray out = picked.reshape(shape);
            if (out != picked) {
                picked.close();
            }
            return out;
        }
    }
}
