package dev.listkit.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.config.RecipeModels;
import dev.listkit.core.config.SelfTrainingSection;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.features.MediaFeatureCache;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.inference.runtime.InferenceModels;
import dev.listkit.core.modality.Modality;
import dev.listkit.core.tower.LockedTowers;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pieces every {@link EngineRunner} shares, so that a shard is computed by the same code wherever it
 * runs: reading and cutting the pool manifest, preprocessing media with the recipe's modality, building
 * the refiner and filter chain, opening the model, and {@link #runShard} (one shard, start to finish).
 */
public final class EngineJobs {
    private static final Logger LOG = LoggerFactory.getLogger(EngineJobs.class);

    private EngineJobs() {
    }

    /**
     * Reads a pool manifest, sorted by id (the order shards are cut in).
     *
     * @throws ListkitException for an unreadable line or a duplicate id
     */
    public static List<PoolEntry> readPool(Path file) throws ListkitException, IOException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file + ": no such pool manifest (a JSONL file of pool entries, e.g."
                    + " runs/<recipe>/arms/list/seed-<s>/pool.jsonl)");
        }
        List<PoolEntry> entries = new ArrayList<>();
        int n = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            n++;
            if (!line.isBlank()) {
                entries.add(parseEntry(line, file + ":" + n));
            }
        }
        entries.sort(Comparator.comparing(PoolEntry::id));
        Set<String> seen = new HashSet<>();
        for (PoolEntry e : entries) {
            if (!seen.add(e.id())) {
                throw new ListkitException(file + ": duplicate sample id '" + e.id() + "'");
            }
        }
        return entries;
    }

    /** One pool manifest line; unknown keys are errors. */
    public static PoolEntry parseEntry(String line, String where) throws ConfigException {
        try {
            return Json.bind(Json.MAPPER.readTree(line), PoolEntry.class, where);
        } catch (JsonProcessingException e) {
            throw new ConfigException(where + ": not a JSON pool entry: " + e.getOriginalMessage(), e);
        }
    }

    /** The pool cut into shards of {@code shardSize} in id order: shard k is the k-th block. */
    public static List<List<PoolEntry>> shards(List<PoolEntry> sorted, int shardSize) {
        List<List<PoolEntry>> out = new ArrayList<>();
        for (int start = 0; start < sorted.size(); start += shardSize) {
            out.add(sorted.subList(start, Math.min(sorted.size(), start + shardSize)));
        }
        return out;
    }

    /** The recipe's data-engine section. */
    public static SelfTrainingSection.EngineSection engineSection(Recipe recipe) throws ConfigException {
        if (recipe.selfTraining() == null || recipe.selfTraining().engine() == null
                || recipe.selfTraining().engine().captioner() == null) {
            throw new ConfigException("recipe " + recipe.name() + " has no selfTraining.engine (captioner, refiners,"
                    + " filters); use a self-training recipe (one with a selfTraining.engine section)");
        }
        return recipe.selfTraining().engine();
    }

    /**
     * The recipe's modality (how media files become features): with a frozen encoder, its outputs
     * ({@link LockedTowers}); close it with {@link LockedTowers#close}.
     */
    public static Modality modality(Recipe recipe) throws ConfigException {
        return RecipeModels.modality(recipe);
    }

    /**
     * Preprocesses pool entries: a file that fails to decode becomes a sample with its failure (recorded
     * as skipped by the engine), never an error of the whole round.
     *
     * @param dataRoot base of relative media paths
     */
    public static List<PoolSample> preprocess(List<PoolEntry> entries, Modality modality, Path dataRoot) {
        List<PoolSample> out = new ArrayList<>(entries.size());
        for (PoolEntry e : entries) {
            if (e.failure() != null) {
                out.add(new PoolSample(e.id(), e.source(), e.media(), e.metadata(), null, e.failure()));
                continue;
            }
            Path media = dataRoot.resolve(e.media());
            String failure;
            try {
                FloatTensor t = modality.load(media);
                out.add(new PoolSample(e.id(), e.source(), e.media(), e.metadata(), t, null));
                continue;
            } catch (ListkitException ex) {
                failure = ex.getMessage();
            } catch (RuntimeException | Error ex) { // an Error (e.g. OutOfMemoryError) fails this sample only
                failure = media + ": unexpected error: " + ex;
            }
            out.add(new PoolSample(e.id(), e.source(), e.media(), e.metadata(), null, failure));
        }
        return out;
    }

    /**
     * Preprocesses pool entries as {@link #preprocess(List, Modality, Path)}, reading features cached for their
     * files first ({@link MediaFeatureCache}: the training run's dataset caches, then the media store) and keeping
     * what it computes in the media store; a cache that cannot be written is reported once and the samples go on.
     */
    public static List<PoolSample> preprocess(List<PoolEntry> entries, Modality modality, Path dataRoot,
            MediaFeatureCache cache) {
        List<PoolSample> out = new ArrayList<>(entries.size());
        boolean warned = false;
        for (PoolEntry e : entries) {
            Path media = dataRoot.resolve(e.media());
            FloatTensor cached = e.failure() == null ? cache.get(media) : null;
            if (cached != null) {
                out.add(new PoolSample(e.id(), e.source(), e.media(), e.metadata(), cached, null));
                continue;
            }
            PoolSample s = preprocess(List.of(e), modality, dataRoot).get(0);
            if (s.features() != null) {
                try {
                    cache.put(media, s.features());
                } catch (IOException ex) {
                    if (!warned) {
                        LOG.warn("cannot keep features in {} ({}); the pool will be decoded again next time",
                                cache.store(), ex.getMessage());
                        warned = true;
                    }
                }
            }
            out.add(s);
        }
        return out;
    }

    /** The media feature cache of the job's cache directory for {@code modality} (see {@link MediaFeatureCache}). */
    public static MediaFeatureCache mediaCache(EngineJob job, Modality modality) throws IOException {
        return MediaFeatureCache.open(job.cachePath().resolve("features"), modality.fingerprint());
    }

    /**
     * Opens the job's model and checks that it was trained on the recipe's modality features.
     * The caller closes it.
     */
    public static InferenceModel openModel(EngineJob job, Recipe recipe) throws ListkitException {
        InferenceModel m = InferenceModels.open(job.modelPath(), job.runtime(), job.cachePath(), job.ort());
        try {
            Modality recipeModality = modality(recipe);
            String mine = recipeModality.fingerprint();
            LockedTowers.close(recipeModality);
            String theirs = m.modality().fingerprint();
            if (!mine.equals(theirs)) {
                throw new ConfigException("the model in " + job.model() + " was trained on modality "
                        + m.recipe().modality().id() + " " + m.recipe().modality().config() + " but recipe "
                        + recipe.name() + " preprocesses with " + recipe.modality().id() + " "
                        + recipe.modality().config() + "; use the same modality settings");
            }
            return m;
        } catch (ListkitException | RuntimeException e) {
            m.close();
            throw e;
        }
    }

    /** The context of the job's round: the round seed {@code seed * 7919 + round}, as the self-training loop. */
    public static EngineContext context(EngineJob job, InferenceModel model) {
        return context(job, model, null);
    }

    /**
     * The context of the job's round with its separate scorer ({@link #openScorer}; null: the model scores); the
     * scorer (the model itself when it scores) remembers the text embeddings of the round ({@link TextMemo}).
     */
    public static EngineContext context(EngineJob job, InferenceModel model, InferenceModel scorer) {
        return TextMemo.of(new EngineContext(model, job.cachePath().resolve("engine"), System.getenv(),
                job.roundSeed(), job.round(), scorer));
    }

    /**
     * Opens the job's separate scorer and checks, as for the model, that it was trained on the recipe's
     * modality features; null when the job has none. The caller closes it.
     */
    public static InferenceModel openScorer(EngineJob job, Recipe recipe) throws ListkitException {
        return job.scorer() == null ? null : openModel(job.withModel(job.scorer()), recipe);
    }

    /** A data engine with the recipe's refiner and filter chain; closing it closes the refiners. */
    public static final class Pipeline implements AutoCloseable {
        private final DataEngine engine;
        private final List<Refiner> refiners;

        private Pipeline(DataEngine engine, List<Refiner> refiners) {
            this.engine = engine;
            this.refiners = refiners;
        }

        public DataEngine engine() {
            return engine;
        }

        @Override
        public void close() {
            refiners.forEach(Refiner::close);
        }
    }

    /**
     * What the job's shards are stamped with ({@link ShardStamp}): the hash of the engine configuration
     * (the recipe's {@code selfTraining.engine} without {@code runner}, its {@code modality} section, the round
     * and the round seed) and the fingerprint of the job's model.
     */
    public static ShardStamp stamp(EngineJob job) throws ListkitException {
        JsonNode recipe = Json.parse(job.recipeJson());
        ObjectNode engine = recipe.path("selfTraining").path("engine").deepCopy();
        engine.remove("runner"); // local and Spark runners compute identical shards
        ObjectNode key = Json.object();
        key.set("engine", engine);
        key.set("modality", recipe.path("modality"));
        key.put("round", job.round());
        key.put("roundSeed", job.roundSeed());
        return new ShardStamp(Hashing.sha256(Json.write(key)), InferenceModels.fingerprint(job.modelPath()));
    }

    /** Builds the recipe's engine (settings, refiners, filters), unstamped; the caller closes it. */
    public static Pipeline pipeline(Recipe recipe, boolean progress) throws ConfigException {
        return pipeline(recipe, progress, ShardStamp.NONE);
    }

    /** Builds the recipe's engine (settings, refiners, filters) writing shards with {@code stamp}; close it. */
    public static Pipeline pipeline(Recipe recipe, boolean progress, ShardStamp stamp) throws ConfigException {
        SelfTrainingSection.EngineSection es = engineSection(recipe);
        DataEngine.Builder b = DataEngine.builder()
                .setSettings(new EngineSettings(es.captioner(), es.batchSize(), es.shardSize()))
                .optProgress(progress).optStamp(stamp);
        List<Refiner> refiners = new ArrayList<>();
        try {
            for (JsonNode r : es.refiners()) {
                Refiner refiner = EngineRegistry.refiner(r);
                refiners.add(refiner);
                b.addRefiner(refiner);
            }
            for (JsonNode f : es.filters()) {
                b.addFilter(EngineRegistry.filter(f));
            }
            return new Pipeline(b.build(), refiners);
        } catch (ConfigException | RuntimeException e) {
            refiners.forEach(Refiner::close);
            throw e;
        }
    }

    /**
     * What one shard task did, sent back to the driver.
     *
     * @param shard    shard index
     * @param reused   true when the shard file was already finished (nothing computed)
     * @param timings  stage timings of the computation (empty when reused)
     * @param counters refiner counters by refiner id (empty when reused)
     */
    public record ShardOutcome(int shard, boolean reused, DataEngine.Timings timings,
                               LinkedHashMap<String, TreeMap<String, Long>> counters) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /**
     * One shard from start to finish, the unit of work of every runner's task: when
     * {@code shards/shard-k.jsonl} already holds these ids and carries {@code stamp} it is reused; otherwise the
     * model (and scorer) is opened, the entries are preprocessed with its modality (features cached for their files
     * are read: {@link MediaFeatureCache}), {@link DataEngine#processShard} runs, and the shard file is written
     * atomically with {@code stamp} (a retried task rewrites the same content).
     *
     * @param entries the k-th {@code shardSize} block of the id-sorted pool
     * @param stamp   {@link #stamp} of the job (computed once by the driver)
     */
    public static ShardOutcome runShard(EngineJob job, int k, List<PoolEntry> entries, ShardStamp stamp)
            throws ListkitException, IOException {
        return runShard(job, k, entries, stamp, null);
    }

    /**
     * {@link #runShard(EngineJob, int, List, ShardStamp)} with the model (and scorer) borrowed from the run's
     * {@link TaskModels} (opened by the first task of the run in this JVM that needs one; {@code run} null: opened
     * and closed here).
     */
    public static ShardOutcome runShard(EngineJob job, int k, List<PoolEntry> entries, ShardStamp stamp, String run)
            throws ListkitException, IOException {
        if (reusable(job, k, entries.stream().map(PoolEntry::id).toList(), stamp)) {
            return new ShardOutcome(k, true, new DataEngine.Timings(), new LinkedHashMap<>());
        }
        DataEngine.Timings timings = new DataEngine.Timings();
        DataEngine.Timings.Mark t = DataEngine.Timings.Mark.now();
        try (TaskModels.Lease lease = lease(job, run); Pipeline p = pipeline(job.recipe(), false, stamp)) {
            timings.add("open", t, 0);
            t = DataEngine.Timings.Mark.now();
            // The model's modality is the recipe's (openModel checked the fingerprints): no second tower to open.
            List<PoolSample> samples = preprocess(entries, lease.model().modality(), job.dataRootPath(),
                    lease.cache(job));
            timings.add("preprocess", t, samples.size());
            return runPreprocessedShard(job, k, samples, stamp, timings, lease, p);
        }
    }

    /**
     * One shard of samples already preprocessed (a pool held in memory), as {@link #runShard}: reused when
     * its file already holds these ids with {@code stamp}, else computed and written.
     *
     * @param samples the k-th {@code shardSize} block of the id-sorted pool
     */
    public static ShardOutcome runShard(EngineJob job, int k, List<PoolSample> samples, ShardStamp stamp,
            DataEngine.Timings timings) throws ListkitException, IOException {
        return runShard(job, k, samples, stamp, timings, null);
    }

    /** {@link #runShard(EngineJob, int, List, ShardStamp, DataEngine.Timings)} with the run's {@link TaskModels}. */
    public static ShardOutcome runShard(EngineJob job, int k, List<PoolSample> samples, ShardStamp stamp,
            DataEngine.Timings timings, String run) throws ListkitException, IOException {
        if (reusable(job, k, samples.stream().map(PoolSample::id).toList(), stamp)) {
            return new ShardOutcome(k, true, new DataEngine.Timings(), new LinkedHashMap<>());
        }
        DataEngine.Timings.Mark t = DataEngine.Timings.Mark.now();
        try (TaskModels.Lease lease = lease(job, run); Pipeline p = pipeline(job.recipe(), false, stamp)) {
            timings.add("open", t, 0);
            return runPreprocessedShard(job, k, samples, stamp, timings, lease, p);
        }
    }

    /** The models for one task: borrowed from the run's {@link TaskModels}, or (no run) ones closed with the lease. */
    private static TaskModels.Lease lease(EngineJob job, String run) throws ListkitException {
        return run == null ? TaskModels.open(job) : TaskModels.borrow(run, job);
    }

    private static boolean reusable(EngineJob job, int k, List<String> ids, ShardStamp stamp)
            throws IOException {
        Path file = DataEngine.shardFile(job.outPath(), k);
        DataEngine.ShardRead read = DataEngine.readShard(file, ids, stamp);
        if (read.items() == null && read.stale() != null) {
            LOG.info("engine round {}: shard {} on disk {}; recomputed", job.round(), k, read.stale());
        }
        return read.items() != null;
    }

    private static ShardOutcome runPreprocessedShard(EngineJob job, int k, List<PoolSample> samples,
            ShardStamp stamp, DataEngine.Timings timings, TaskModels.Lease lease, Pipeline p)
            throws ListkitException, IOException {
        List<EngineItem> items = p.engine().processShard(samples, k, context(job, lease.model(), lease.scorer()),
                timings);
        DataEngine.Timings.Mark t = DataEngine.Timings.Mark.now();
        DataEngine.writeShard(DataEngine.shardFile(job.outPath(), k), items, job.round(), stamp, k);
        timings.add("write", t, items.size());
        LinkedHashMap<String, TreeMap<String, Long>> counters = new LinkedHashMap<>();
        p.engine().refinerCounters().forEach((id, c) -> counters.put(id, new TreeMap<>(c)));
        return new ShardOutcome(k, false, timings, counters);
    }

    /** Sums refiner counters of shard tasks into {@code into}. */
    public static void mergeCounters(Map<String, Map<String, Long>> into, Map<String, ? extends Map<String, Long>> add) {
        add.forEach((id, c) -> {
            Map<String, Long> mine = into.computeIfAbsent(id, x -> new TreeMap<>());
            c.forEach((key, v) -> mine.merge(key, v, Long::sum));
        });
    }

    /**
     * Reads every finished shard of a round back in id order, for the driver-side finish.
     *
     * @throws ListkitException when a shard is missing, does not hold its ids or carries another stamp (a
     *     task did not finish)
     */
    public static List<EngineItem> readShards(Path outDir, List<List<PoolEntry>> shards, ShardStamp stamp)
            throws ListkitException, IOException {
        List<EngineItem> items = new ArrayList<>();
        for (int k = 0; k < shards.size(); k++) {
            Path file = DataEngine.shardFile(outDir, k);
            DataEngine.ShardRead read = DataEngine.readShard(file, shards.get(k).stream().map(PoolEntry::id).toList(),
                    stamp);
            List<EngineItem> done = read.items();
            if (done == null) {
                throw new ListkitException(file + ": missing or incomplete after every task finished"
                        + (read.stale() == null ? "" : " (" + read.stale() + ")"));
            }
            items.addAll(done);
        }
        return items;
    }
}
