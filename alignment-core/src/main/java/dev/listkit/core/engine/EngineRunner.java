package dev.listkit.core.engine;

import dev.listkit.core.ListkitException;
import java.io.IOException;

/**
 * Runs an {@link EngineJob}: the same per-shard work ({@link EngineJobs#runShard}) and the same driver-side
 * finish ({@link DataEngine#finish}) wherever the shards run. Found with {@link java.util.ServiceLoader} by
 * {@link #id()}: {@code local} ships with the core, {@code spark} with the {@code engine-spark} module.
 * {@code listkit engine} and the self-training loop both come through here: the command with the job's pool
 * manifest, the loop with its pool in memory ({@link PoolSource}).
 *
 * <pre>{@code
 * EngineSummary s = EngineRunners.find("local").run(job);                           // job.pool() file
 * EngineSummary t = EngineRunners.find("spark").run(job, PoolSource.inMemory(pool)); // in memory
 * }</pre>
 */
public interface EngineRunner {
    /** The id {@code listkit engine --runner} uses. */
    String id();

    /** One line for help output. */
    String description();

    /**
     * Runs the round over the job's pool manifest ({@code job.pool()}): finished shards in {@code job.outDir()}
     * are reused; writes the shards, the manifest and the summary.
     */
    default EngineSummary run(EngineJob job) throws ListkitException, IOException {
        return run(job, PoolSource.manifest(job.poolPath()));
    }

    /**
     * Runs the round over {@code pool} (the job's {@code pool} path is then only a record of where the pool
     * manifest lives): finished shards in {@code job.outDir()} are reused; writes the shards, the manifest
     * and the summary.
     */
    EngineSummary run(EngineJob job, PoolSource pool) throws ListkitException, IOException;
}
