package dev.listkit.core.engine;

import java.util.Map;

/**
 * One line of a pool manifest ({@code pool.jsonl}): an unpaired sample as a file reference, before
 * preprocessing. The self-training loop writes one per seed; {@code listkit engine} and distributed
 * runners read it and preprocess each media file with the recipe's modality.
 *
 * @param id       unique id (dataset-prefixed)
 * @param source   dataset id
 * @param media    media file path (absolute, or relative to the data root)
 * @param metadata noisy metadata refiners may use; hidden keys already removed
 * @param failure  why preprocessing failed when the pool was built (null when it did not)
 */
public record PoolEntry(String id, String source, String media, Map<String, String> metadata, String failure) {
    public PoolEntry {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }

    /** The entry of a preprocessed pool sample. */
    public static PoolEntry of(PoolSample s) {
        return new PoolEntry(s.id(), s.source(), s.media(), s.metadata(), s.failure());
    }
}
