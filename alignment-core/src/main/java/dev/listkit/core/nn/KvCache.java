package dev.listkit.core.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Key/value cache for incremental decoding, one {@link LayerCache} per decoder layer. Owns an
 * {@link NDManager} (a sub-manager of the one given at creation); {@link #close()} frees every cached
 * array. Use with try-with-resources; one cache per generation call.
 */
public final class KvCache implements AutoCloseable {
    private final NDManager manager;
    private final List<LayerCache> layers;

    /** Creates an empty cache for {@code numLayers} layers under a new sub-manager of {@code parent}. */
    public KvCache(NDManager parent, int numLayers) {
        this.manager = parent.newSubManager();
        List<LayerCache> list = new ArrayList<>(numLayers);
        for (int i = 0; i < numLayers; i++) {
            list.add(new LayerCache(manager));
        }
        this.layers = Collections.unmodifiableList(list);
    }

    /** The cache of layer {@code i}. */
    public LayerCache layer(int i) {
        return layers.get(i);
    }

    /** Positions already decoded (the position offset of the next token). */
    public long length() {
        return layers.isEmpty() ? 0 : layers.get(0).length();
    }

    /**
     * Reorders (and possibly repeats) the batch rows of every layer, e.g. to follow beam parents.
     *
     * @param rows (B') int64 row indices into the current batch
     */
    public void reorder(NDArray rows) {
        for (LayerCache layer : layers) {
            layer.reorder(rows);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
