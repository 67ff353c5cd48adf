package dev.listkit.core.engine;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.tower.LockedTowers;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/**
 * The in-process runner: preprocesses the whole pool (unless it is already in memory), opens the model once
 * and runs {@link DataEngine#run} (shards one after the other, finished shards reused).
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
    public EngineSummary run(EngineJob job, PoolSource source, PrintStream log) throws ListkitException, IOException {
        Recipe recipe = job.recipe();
        long t0 = System.nanoTime();
        List<PoolSample> pool;
        if (source instanceof PoolSource.InMemory in) { // already preprocessed: no modality (or tower) to open
            pool = in.samples();
        } else {
            Modality modality = EngineJobs.modality(recipe);
            try {
                pool = source.samples(modality, job.dataRootPath());
            } finally {
                LockedTowers.close(modality);
            }
        }
        if (source instanceof PoolSource.Manifest) {
            log.printf("preprocessed %d samples in %.1f s (%d failed)%n", pool.size(), (System.nanoTime() - t0) / 1e9,
                    pool.stream().filter(p -> p.failure() != null).count());
        }
        ShardStamp stamp = EngineJobs.stamp(job);
        try (InferenceModel model = EngineJobs.openModel(job, recipe);
                InferenceModel scorer = EngineJobs.openScorer(job, recipe);
                EngineJobs.Pipeline p = EngineJobs.pipeline(recipe, job.progress(), stamp)) {
            return p.engine().run(pool, EngineJobs.context(job, model, scorer, log), job.outPath()).summary();
        }
    }
}
