package dev.listkit.core.engine;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.inference.InferenceModel;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The in-process runner: preprocesses the whole pool, opens the model once and runs {@link DataEngine#run}
 * (shards one after the other, finished shards reused).
 */
public final class LocalEngineRunner implements EngineRunner {
    @Override
    public String id() {
        return "local";
    }

    @Override
    public String description() {
        return "in this process, shard after shard (DataEngine)";
    }

    @Override
    public EngineSummary run(EngineJob job, PrintStream log) throws ListkitException, IOException {
        Recipe recipe = job.recipe();
        List<PoolEntry> entries = EngineJobs.readPool(job.poolPath());
        long t0 = System.nanoTime();
        List<PoolSample> pool = EngineJobs.preprocess(entries, EngineJobs.modality(recipe), job.dataRootPath());
        log.printf("preprocessed %d samples in %.1f s (%d failed)%n", pool.size(), (System.nanoTime() - t0) / 1e9,
                pool.stream().filter(p -> p.failure() != null).count());
        try (InferenceModel model = EngineJobs.openModel(job, recipe);
                EngineJobs.Pipeline p = EngineJobs.pipeline(recipe, job.progress())) {
            return p.engine().run(pool, EngineJobs.context(job, model, log), job.outPath()).summary();
        }
    }
}
