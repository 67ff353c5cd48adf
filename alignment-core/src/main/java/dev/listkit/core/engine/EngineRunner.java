package dev.listkit.core.engine;

import dev.listkit.core.ListkitException;
import java.io.IOException;

/**
 * Runs an {@link EngineJob}: the same per-shard work ({@link EngineJobs#runShard}) and the same driver-side
 * finish ({@link DataEngine#finish}) wherever the shards run. Found with {@link java.util.ServiceLoader} by
 * {@link #id()}: {@code local} ships with the core, {@code spark} with the {@code engine-spark} module.
 *
 * <pre>{@code
 * EngineSummary s = EngineRunners.find("local").run(job);
 * }</pre>
 */
public interface EngineRunner {
    /** The id {@code listkit engine --runner} uses. */
    String id();

    /** One line for help output. */
    String description();

    /**
     * Runs the round: finished shards in {@code job.outDir()} are reused; writes the shards, the manifest and
     * the summary.
     */
    EngineSummary run(EngineJob job) throws ListkitException, IOException;
}
