package dev.listkit.core.engine;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.features.MediaFeatureCache;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.util.Progress;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-process runner: opens the model once and processes the shards ({@link DataEngine#processShard}, finished
 * shards reused) on {@link EngineJob#workers()} threads that share it, each with its own refiner and filter chain
 * (as a distributed runner's tasks have), then runs {@link DataEngine#finish} over the shards in id order. A
 * shard's records depend only on the shard, the model and the seed, so the manifest is the same for any number
 * of workers. A pool manifest is preprocessed shard by shard in the workers: features already cached for its
 * files (the training run's feature cache, a frozen tower's outputs included) are read, not recomputed
 * ({@link MediaFeatureCache}); the rest are decoded and kept for the next run.
 */
public final class LocalEngineRunner implements EngineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LocalEngineRunner.class);

    @Override
    public String id() {
        return "local";
    }

    @Override
    public String description() {
        return "in this process, shards on --threads workers sharing one open model";
    }

    @Override
    public EngineSummary run(EngineJob job, PoolSource source) throws ListkitException, IOException {
        Recipe recipe = job.recipe();
        long t0 = System.nanoTime();
        DataEngine.Timings timings = new DataEngine.Timings(); // the round's clock (wall and process CPU) starts here
        int shardSize = EngineJobs.engineSection(recipe).shardSize();
        List<PoolSample> inMemory = source instanceof PoolSource.InMemory in ? in.samples() : null;
        List<PoolEntry> entries = source.entries();
        List<List<PoolEntry>> shards = EngineJobs.shards(entries, shardSize);
        checkUnique(entries);
        Files.createDirectories(job.outPath().resolve("shards"));
        int workers = Math.max(1, Math.min(job.workers(), shards.size()));
        List<EngineJobs.Pipeline> pipelines = new ArrayList<>();
        DataEngine.Timings.Mark opening = DataEngine.Timings.Mark.now();
        ShardStamp stamp = EngineJobs.stamp(job);
        try (InferenceModel model = EngineJobs.openModel(job, recipe);
                InferenceModel scorer = EngineJobs.openScorer(job, recipe)) {
            for (int w = 0; w < workers + 1; w++) { // one per worker, one for the driver-side finish
                pipelines.add(EngineJobs.pipeline(recipe, false, stamp));
            }
            EngineContext ctx = EngineJobs.context(job, model, scorer);
            MediaFeatureCache cache = inMemory == null ? EngineJobs.mediaCache(job, model.modality()) : null;
            BlockingQueue<EngineJobs.Pipeline> idle = new ArrayBlockingQueue<>(workers, false,
                    pipelines.subList(1, workers + 1));
            timings.add("open", opening, 0);
            AtomicLong preprocessFailed = new AtomicLong();
            List<List<EngineItem>> done = new ArrayList<>();
            int computed = 0;
            ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
                Thread t = new Thread(r, "engine-shard");
                t.setDaemon(true);
                return t;
            });
            try (Progress bar = job.progress() ? Progress.start("engine round " + job.round(), entries.size(),
                    "samples") : null) {
                List<Future<List<EngineItem>>> futures = new ArrayList<>();
                boolean[] reused = new boolean[shards.size()];
                List<String> stale = new ArrayList<>();
                for (int k = 0; k < shards.size(); k++) {
                    final int shard = k;
                    List<PoolEntry> part = shards.get(k);
                    Path file = DataEngine.shardFile(job.outPath(), k);
                    DataEngine.ShardRead read = DataEngine.readShard(file, part.stream().map(PoolEntry::id).toList(),
                            stamp);
                    if (read.items() != null) {
                        reused[k] = true;
                        futures.add(java.util.concurrent.CompletableFuture.completedFuture(read.items()));
                        if (bar != null) {
                            bar.reused(part.size()); // a finished shard of an earlier run: not in the rate
                        }
                        continue;
                    }
                    if (read.stale() != null) {
                        stale.add("shard " + k + " " + read.stale());
                    }
                    futures.add(pool.submit(() -> {
                        EngineJobs.Pipeline p = idle.take();
                        try {
                            List<PoolSample> samples;
                            if (inMemory != null) {
                                samples = inMemory.subList(shard * shardSize,
                                        Math.min(inMemory.size(), (shard + 1) * shardSize));
                            } else {
                                DataEngine.Timings.Mark t = DataEngine.Timings.Mark.now();
                                samples = EngineJobs.preprocess(part, model.modality(), job.dataRootPath(), cache);
                                timings.add("preprocess", t, samples.size());
                                preprocessFailed.addAndGet(samples.stream().filter(x -> x.failure() != null).count());
                            }
                            List<EngineItem> items = p.engine().processShard(samples, shard, ctx, timings);
                            DataEngine.Timings.Mark t = DataEngine.Timings.Mark.now();
                            DataEngine.writeShard(file, items, job.round(), stamp, shard);
                            timings.add("write", t, items.size());
                            if (bar != null) {
                                bar.step(part.size());
                            }
                            return items;
                        } finally {
                            idle.put(p);
                        }
                    }));
                }
                if (!stale.isEmpty()) {
                    LOG.info("engine round {}: {} finished shard(s) on disk are recomputed, not reused: {}{}",
                            job.round(), stale.size(), stale.get(0), stale.size() > 1 ? "; ..." : "");
                }
                for (int k = 0; k < futures.size(); k++) {
                    done.add(take(futures.get(k)));
                    computed += reused[k] ? 0 : 1;
                }
            } finally {
                pool.shutdownNow();
            }
            if (cache != null) {
                LOG.info("pool features: {} ({} failed)", cache.counts(), preprocessFailed.get());
            }
            List<EngineItem> items = new ArrayList<>();
            done.forEach(items::addAll);
            Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
            pipelines.get(0).engine().refinerCounters().keySet().forEach(id -> counters.put(id, new java.util.TreeMap<>()));
            for (EngineJobs.Pipeline p : pipelines.subList(1, workers + 1)) {
                EngineJobs.mergeCounters(counters, p.engine().refinerCounters());
            }
            return pipelines.get(0).engine().finish(items, ctx, job.outPath(),
                    new DataEngine.ShardCounts(computed, shards.size() - computed), timings, counters, t0).summary();
        } finally {
            pipelines.forEach(EngineJobs.Pipeline::close);
        }
    }

    private static void checkUnique(List<PoolEntry> sorted) throws ListkitException {
        for (int i = 1; i < sorted.size(); i++) {
            if (sorted.get(i).id().equals(sorted.get(i - 1).id())) {
                throw new ListkitException("data engine: duplicate sample id '" + sorted.get(i).id() + "' in the pool");
            }
        }
    }

    private static List<EngineItem> take(Future<List<EngineItem>> f) throws ListkitException, IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ListkitException("data engine interrupted (finished shards are kept; rerun to resume)", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof ListkitException le) {
                throw le;
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new ListkitException("data engine shard failed: " + c, c);
        }
    }
}
