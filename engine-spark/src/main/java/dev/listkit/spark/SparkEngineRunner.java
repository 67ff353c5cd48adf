package dev.listkit.spark;

import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.engine.DataEngine;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.EngineJob;
import dev.listkit.core.engine.EngineJobs;
import dev.listkit.core.engine.ShardStamp;
import dev.listkit.core.engine.EngineRunner;
import dev.listkit.core.engine.EngineSummary;
import dev.listkit.core.engine.PoolEntry;
import dev.listkit.core.engine.PoolSample;
import dev.listkit.core.engine.PoolSource;
import dev.listkit.core.engine.TaskModels;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkFiles;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data engine on Apache Spark. The driver reads the pool (a manifest, or samples in memory from the
 * self-training loop) and cuts it exactly like the local engine (shard k = the k-th {@code shardSize} block
 * in id order, one Spark partition per shard); each task
 * runs {@link EngineJobs#runShard} (the same code as the local runner's workers: borrow the round's open model
 * ({@link TaskModels}: opened once per concurrent task in an executor), preprocess (features cached for the files
 * are read, the rest decoded and kept), {@link DataEngine#processShard}, write {@code shards/shard-NNNNN.jsonl}
 * atomically, or reuse the finished file); the driver then reads the shards back, closes the round's models and
 * runs {@link DataEngine#finish} (global filters, manifest, summary).
 *
 * <p>Fault tolerance comes from Spark plus idempotent shards: a failed task is retried and rewrites the
 * same file whole (the engine is pure in shard, model and seed); a rerun of a crashed job skips every shard
 * already on disk. In local mode Spark does not retry tasks unless the master says so ({@code local[N,F]});
 * a plain {@code local[N]} or {@code local[*]} master is therefore run as {@code local[N,4]}.
 *
 * <p>The output directory, the pool's media and the cache directory must be visible to every executor at
 * the same paths (a shared file system). The model directory either is too, or is shipped with the job
 * ({@code spark-submit --files} / {@code --archives model.zip#model}): a task that does not find
 * {@code job.model()} looks for a directory of the same name in {@link SparkFiles} and its working directory.
 */
public final class SparkEngineRunner implements EngineRunner {
    private static final Logger LOG = LoggerFactory.getLogger(SparkEngineRunner.class);

    /** Task attempts in local mode (Spark's own default for clusters is 4 too). */
    static final int LOCAL_MAX_FAILURES = 4;
    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\d+|\\*)\\])?");

    @Override
    public String id() {
        return "spark";
    }

    @Override
    public String description() {
        return "Apache Spark: one task per shard (embedded local[N] or a cluster through spark-submit)";
    }

    @Override
    public EngineSummary run(EngineJob job, PoolSource pool) throws ListkitException, IOException {
        long t0 = System.nanoTime();
        DataEngine.Timings timings = new DataEngine.Timings(); // the round's clock starts here
        Recipe recipe = job.recipe();
        int shardSize = EngineJobs.engineSection(recipe).shardSize();
        List<List<PoolEntry>> shards = EngineJobs.shards(pool.entries(), shardSize);
        ShardStamp stamp = EngineJobs.stamp(job); // once, on the driver: the tasks compare shard files with it
        // A pool in memory ships its features with the tasks; a manifest ships file references to decode.
        List<PoolSample> samples = pool instanceof PoolSource.InMemory m ? m.samples() : null;
        List<ShardTask> tasks = new ArrayList<>();
        for (int k = 0; k < shards.size(); k++) {
            tasks.add(samples == null ? new ShardTask(k, shards.get(k).stream().map(Json::write).toList(), null)
                    : new ShardTask(k, null, List.copyOf(samples.subList(k * shardSize,
                            Math.min(samples.size(), (k + 1) * shardSize)))));
        }
        Files.createDirectories(job.outPath().resolve("shards"));
        quietSparkLogs();
        SparkConf conf = new SparkConf().setAppName("listkit engine " + recipe.name() + " round " + job.round());
        String master = job.master() != null ? job.master() : conf.get("spark.master", "local[*]");
        String effective = withRetries(master);
        conf.setMaster(effective);
        conf.setIfMissing("spark.ui.enabled", "false");
        if (effective.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        LOG.info("spark: master {}, {} shards of up to {} samples", effective, tasks.size(), shardSize);
        List<EngineJobs.ShardOutcome> outcomes;
        String run = UUID.randomUUID().toString(); // tasks of this round in one executor share open models
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            outcomes = tasks.isEmpty() ? List.of()
                    : sc.parallelize(tasks, tasks.size()).map(new ShardFunction(job, stamp, run)).collect();
        } catch (Exception e) { // SparkException (checked in Scala, undeclared in Java) after the task retries
            throw new ListkitException("spark: the engine job failed (finished shards are kept; rerun to resume): "
                    + rootMessage(e), e);
        } finally {
            TaskModels.release(run); // local mode: the executor is this JVM
        }
        int computed = 0;
        Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
        for (EngineJobs.ShardOutcome o : outcomes) {
            computed += o.reused() ? 0 : 1;
            timings.merge(o.timings());
            EngineJobs.mergeCounters(counters, o.counters());
        }
        List<EngineItem> items = EngineJobs.readShards(job.outPath(), shards, stamp);
        try (InferenceModel model = EngineJobs.openModel(job, recipe);
                EngineJobs.Pipeline p = EngineJobs.pipeline(recipe, false, stamp)) {
            Map<String, Map<String, Long>> ordered = new LinkedHashMap<>();
            p.engine().refinerCounters().keySet().forEach(id -> ordered.put(id, counters.getOrDefault(id,
                    new TreeMap<>())));
            return p.engine().finish(items, EngineJobs.context(job, model), job.outPath(),
                    new DataEngine.ShardCounts(computed, outcomes.size() - computed), timings, ordered, t0).summary();
        }
    }

    /** {@code local} and {@code local[N]} become {@code local[N,4]} so that failed tasks are retried. */
    static String withRetries(String master) {
        Matcher m = LOCAL.matcher(master);
        if (!m.matches()) {
            return master;
        }
        return "local[" + (m.group(1) == null ? "1" : m.group(1)) + "," + LOCAL_MAX_FAILURES + "]";
    }

    private static String rootMessage(Throwable e) {
        String msg = e.getMessage();
        return msg == null ? e.toString() : msg.lines().findFirst().orElse(msg);
    }

    /** Spark logs at INFO through SLF4J; keep the engine's own lines readable unless the user chose levels. */
    private static void quietSparkLogs() {
        for (String pkg : List.of("org.apache.spark", "org.sparkproject", "org.apache.hadoop", "io.netty")) {
            String key = "org.slf4j.simpleLogger.log." + pkg;
            if (System.getProperty(key) == null) {
                System.setProperty(key, "warn");
            }
        }
    }

    /**
     * A shard as shipped to its task: index and either pool-manifest lines (decoded by the task) or samples
     * already preprocessed (a pool held in memory); id order.
     */
    record ShardTask(int index, List<String> lines, List<PoolSample> samples) implements Serializable {
        private static final long serialVersionUID = 1L;

        List<PoolEntry> entries() throws ListkitException {
            List<PoolEntry> out = new ArrayList<>(lines.size());
            for (String l : lines) {
                out.add(EngineJobs.parseEntry(l, "shard " + index));
            }
            return out;
        }
    }

    /**
     * The task body: {@link EngineJobs#runShard} with the model found where the executor can see it, borrowed from
     * the round's {@link TaskModels} (one open per concurrent task in an executor, not one per shard).
     */
    static final class ShardFunction implements Function<ShardTask, EngineJobs.ShardOutcome> {
        private static final long serialVersionUID = 2L;
        private final EngineJob job;
        private final ShardStamp stamp;
        private final String run;

        ShardFunction(EngineJob job, ShardStamp stamp, String run) {
            this.job = job;
            this.stamp = stamp;
            this.run = run;
        }

        @Override
        public EngineJobs.ShardOutcome call(ShardTask task) throws Exception {
            EngineJob here = job.withModel(modelDir(job.model()));
            return task.samples() != null
                    ? EngineJobs.runShard(here, task.index(), task.samples(), stamp, new DataEngine.Timings(), run)
                    : EngineJobs.runShard(here, task.index(), task.entries(), stamp, run);
        }

        /** The model directory: the job's path, else a shipped copy of the same name. */
        static String modelDir(String model) {
            Path dir = Path.of(model);
            if (Files.isDirectory(dir)) {
                return model;
            }
            String name = dir.getFileName().toString();
            for (Path candidate : List.of(Path.of(SparkFiles.get(name)), Path.of(name).toAbsolutePath())) {
                if (Files.isDirectory(candidate)) {
                    return candidate.toString();
                }
            }
            return model; // opening it fails with a message naming the path
        }
    }
}
