package dev.listkit.core.engine;

import dev.listkit.core.data.FloatTensor;
import java.util.Map;

/**
 * One sample of the unpaired pool as the engine receives it: preprocessed features, or the reason it
 * could not be preprocessed (it is then recorded as skipped, not dropped silently).
 *
 * @param id       unique id in the pool (dataset-prefixed)
 * @param source   dataset id
 * @param media    media file path
 * @param metadata noisy metadata refiners may use; hidden keys (labels) already removed
 * @param features preprocessed tensor, or null when {@code failure} is set
 * @param failure  why preprocessing failed, or null
 */
public record PoolSample(String id, String source, String media, Map<String, String> metadata, FloatTensor features,
                         String failure) implements java.io.Serializable {
    public PoolSample {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        if ((features == null) == (failure == null)) {
            throw new IllegalArgumentException(id + ": a pool sample has either features or a failure");
        }
    }
}
