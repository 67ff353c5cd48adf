package dev.listkit.core.engine;

import dev.listkit.core.config.CaptionStrategy;

/**
 * How the engine runs one round.
 *
 * @param captioner candidate generation (nucleus with k candidates, or greedy/beam with one)
 * @param batchSize samples per model batch
 * @param shardSize samples per shard; each finished shard is a file that a rerun reuses
 */
public record EngineSettings(CaptionStrategy captioner, int batchSize, int shardSize) {
    public EngineSettings {
        if (batchSize < 1 || shardSize < 1) {
            throw new IllegalArgumentException("batchSize and shardSize must be >= 1");
        }
    }
}
