package dev.listkit.core.engine;

import dev.listkit.core.ListkitException;
import dev.listkit.core.modality.Modality;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;

/**
 * Where an {@link EngineRunner} gets the unpaired pool of a round: a pool manifest on disk
 * ({@code listkit engine --pool pool.jsonl}; media are decoded where the shards run), or samples already
 * preprocessed in memory (the self-training loop, whose features are loaded once for every round).
 *
 * <pre>{@code
 * runner.run(job, PoolSource.manifest(Path.of("pool.jsonl")));  // listkit engine
 * runner.run(job, PoolSource.inMemory(samples));                // the LIST loop
 * }</pre>
 */
public sealed interface PoolSource {
    /** A pool manifest file ({@link PoolEntry} per line). */
    static PoolSource manifest(Path file) {
        return new Manifest(file);
    }

    /** Preprocessed samples (features, or the reason preprocessing failed). */
    static PoolSource inMemory(List<PoolSample> samples) {
        return new InMemory(samples);
    }

    /**
     * The whole pool preprocessed, sorted by id (the order shards are cut in): read and decoded for a
     * manifest, as they are for samples in memory.
     *
     * @param dataRoot base of relative media paths
     */
    List<PoolSample> samples(Modality modality, Path dataRoot) throws ListkitException, IOException;

    /** The pool as file references, sorted by id: what a distributed runner ships for decoding. */
    List<PoolEntry> entries() throws ListkitException, IOException;

    /** @param file the pool manifest */
    record Manifest(Path file) implements PoolSource {
        @Override
        public List<PoolSample> samples(Modality modality, Path dataRoot) throws ListkitException, IOException {
            return EngineJobs.preprocess(entries(), modality, dataRoot);
        }

        @Override
        public List<PoolEntry> entries() throws ListkitException, IOException {
            return EngineJobs.readPool(file);
        }
    }

    /** @param samples the preprocessed pool (any order; ids unique) */
    record InMemory(List<PoolSample> samples) implements PoolSource {
        public InMemory {
            samples = samples.stream().sorted(Comparator.comparing(PoolSample::id)).toList();
        }

        @Override
        public List<PoolSample> samples(Modality modality, Path dataRoot) {
            return samples;
        }

        @Override
        public List<PoolEntry> entries() {
            return samples.stream().map(PoolEntry::of).toList();
        }
    }
}
