package dev.listkit.core.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.inference.EmbeddedCaptions;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.tower.LockedTowerModality;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.Progress;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One round of the LIST data engine over a pool of unpaired samples:
 * <ol>
 *   <li><b>tag</b>: when the model's frozen tower has a classifier, attach each sample's top tags as metadata
 *       ({@code tags}, {@code tagScores}; see {@link dev.listkit.core.tower.Tags});
 *   <li><b>caption</b>: embed each sample and generate k candidates with the current model;
 *   <li><b>rerank</b>: score every candidate against its sample (cosine in the joint space of the context's
 *       scorer: the captioning model itself, or a separate frozen one) and start from the best one;
 *   <li><b>refine</b>: run the refiner chain;
 *   <li><b>score</b>: the final caption's alignment with its sample ({@code scores.alignment});
 *   <li><b>filter</b>: local filters inside the shard, then global filters over the whole round.
 * </ol>
 * The pool is cut into shards of {@code shardSize} samples in id order; each finished shard is written
 * atomically to {@code shards/shard-NNNNN.jsonl}, so a killed run restarts at the first missing shard and
 * never duplicates or loses a sample. A shard file starts with its {@link ShardStamp} (engine configuration,
 * model and pool hashes) and is reused only by a job with the same stamp. Everything random derives from the round's seed and the shard
 * index, so a recomputed shard is identical. The round ends with {@code manifest.jsonl} (one
 * {@link ManifestRecord} per pool sample, id order) and {@code summary.json}.
 *
 * <p>{@link #processShard} is the per-record logic; distributed runners call it per partition.
 */
public final class DataEngine {
    private static final Logger LOG = LoggerFactory.getLogger(DataEngine.class);

    private final EngineSettings settings;
    private final List<Refiner> refiners;
    private final List<CaptionFilter> filters;
    private final boolean progress;
    private final ShardListener listener;
    private final ShardStamp stamp;

    /** Called after each shard is written; tests use it to simulate a crash. */
    @FunctionalInterface
    public interface ShardListener {
        void shardWritten(int shardIndex) throws ListkitException;
    }

    private DataEngine(Builder b) {
        settings = b.settings;
        refiners = List.copyOf(b.refiners);
        filters = List.copyOf(b.filters);
        progress = b.progress;
        listener = b.listener;
        stamp = b.stamp;
    }

    /** A builder; {@code setSettings} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /** The result of a round. */
    public record Result(List<ManifestRecord> records, EngineSummary summary) {
        /** The accepted synthetic pairs. */
        public List<ManifestRecord> accepted() {
            return records.stream().filter(ManifestRecord::accepted).toList();
        }
    }

    /**
     * Runs a round into {@code outDir} (created if needed; finished shards there are reused).
     *
     * @throws ListkitException when the pool has duplicate ids or a stage fails as a whole
     */
    public Result run(List<PoolSample> pool, EngineContext ctx, Path outDir) throws ListkitException, IOException {
        long t0 = System.nanoTime();
        List<PoolSample> sorted = new ArrayList<>(pool);
        sorted.sort(Comparator.comparing(PoolSample::id));
        Set<String> seen = new HashSet<>();
        for (PoolSample s : sorted) {
            if (!seen.add(s.id())) {
                throw new ListkitException("data engine: duplicate sample id '" + s.id() + "' in the pool");
            }
        }
        Files.createDirectories(outDir.resolve("shards"));
        int shards = (sorted.size() + settings.shardSize() - 1) / settings.shardSize();
        Timings timings = new Timings();
        List<EngineItem> items = new ArrayList<>();
        int computed = 0;
        int reused = 0;
        List<String> stale = new ArrayList<>();
        try (Progress bar = progress ? Progress.start("engine round " + ctx.round(), sorted.size(), "samples") : null) {
            for (int k = 0; k < shards; k++) {
                List<PoolSample> shard = sorted.subList(k * settings.shardSize(),
                        Math.min(sorted.size(), (k + 1) * settings.shardSize()));
                Path file = shardFile(outDir, k);
                List<String> ids = shard.stream().map(PoolSample::id).toList();
                ShardRead read = readShard(file, ids, stamp);
                List<EngineItem> done = read.items();
                boolean fromFile = done != null;
                if (done == null) {
                    if (read.stale() != null) {
                        stale.add("shard " + k + " " + read.stale());
                    }
                    done = processShard(shard, k, ctx, timings);
                    writeShard(file, done, ctx.round(), stamp, k);
                    computed++;
                    if (listener != null) {
                        listener.shardWritten(k);
                    }
                } else {
                    reused++;
                }
                items.addAll(done);
                if (bar != null && fromFile) {
                    bar.reused(shard.size()); // a finished shard of an earlier run: not in the rate
                } else if (bar != null) {
                    bar.step(shard.size());
                }
            }
        }
        if (!stale.isEmpty()) {
            LOG.info("engine round {}: {} finished shard(s) on disk were recomputed, not reused: {}{}", ctx.round(),
                    stale.size(), stale.get(0), stale.size() > 1 ? "; ..." : "");
        }
        return finish(items, ctx, outDir, new ShardCounts(computed, reused), timings, refinerCounters(), t0);
    }

    /** How many shards an invocation computed and found finished on disk. */
    public record ShardCounts(int computed, int reused) {
    }

    /**
     * The driver-side end of a round, after every shard is done: the global filters over all items (id
     * order), then {@code manifest.jsonl} and {@code summary.json}. Distributed runners call it with the
     * items read back from the shard files and the timings and refiner counters merged from their tasks.
     *
     * @param items    every item of the round in id order (computed or restored from shard files)
     * @param counters refiner counters per refiner id
     * @param t0Nanos  {@link System#nanoTime()} when the round started (for the wall time)
     */
    public Result finish(List<EngineItem> items, EngineContext ctx, Path outDir, ShardCounts shards, Timings timings,
            Map<String, Map<String, Long>> counters, long t0Nanos) throws ListkitException, IOException {
        for (CaptionFilter f : filters) {
            if (f.global()) {
                Timings.Mark s = Timings.Mark.now();
                f.apply(items.stream().filter(EngineItem::alive).toList(), ctx);
                timings.add("filter:" + f.id(), s, items.size());
            }
        }
        Timings.Mark w = Timings.Mark.now();
        writeJsonl(outDir.resolve("manifest.jsonl"), items, ctx.round());
        timings.add("write", w, 0);
        List<ManifestRecord> records = items.stream().map(i -> ManifestRecord.of(i, ctx.round())).toList();
        EngineSummary summary = summarise(records, ctx.round(), shards.computed(), shards.reused(), timings, counters,
                (System.nanoTime() - t0Nanos) / 1e9);
        AtomicFiles.writeString(outDir.resolve("summary.json"), Json.writePretty(summary));
        LOG.info("engine round {}: {} of {} accepted, {} rejected {}, {} skipped ({} shards computed, {} reused)",
                ctx.round(), summary.accepted(), summary.pool(), summary.rejected(), summary.rejectedBy(),
                summary.skipped(), shards.computed(), shards.reused());
        return new Result(records, summary);
    }

    /** The counters of this engine's refiners, by refiner id (chain order). */
    public Map<String, Map<String, Long>> refinerCounters() {
        Map<String, Map<String, Long>> counters = new LinkedHashMap<>();
        for (Refiner r : refiners) {
            counters.put(r.id(), r.counters());
        }
        return counters;
    }

    /** The file of shard {@code k} of a round written into {@code outDir}. */
    public static Path shardFile(Path outDir, int k) {
        return outDir.resolve("shards").resolve(String.format("shard-%05d.jsonl", k));
    }

    /**
     * The per-record work of one shard: caption, rerank, refine, score and the local filters. Pure in
     * (shard, index, model, seed): a recomputed shard gives the same records.
     */
    public List<EngineItem> processShard(List<PoolSample> shard, int shardIndex, EngineContext ctx, Timings timings)
            throws ListkitException {
        ctx = TextMemo.of(ctx); // each text's joint-space embedding computed once per round (or shard)
        List<EngineItem> items = new ArrayList<>();
        List<EngineItem> live = new ArrayList<>();
        List<FloatTensor> features = new ArrayList<>();
        // A frozen tower with a classifier tags every sample (its top classes): metadata for the refiners.
        LockedTowerModality tagger = ctx.model().modality() instanceof LockedTowerModality l && l.tagged() ? l : null;
        Timings.Mark t = Timings.Mark.now();
        for (PoolSample s : shard) {
            Map<String, String> metadata = s.metadata();
            if (tagger != null && s.failure() == null && s.features() != null) {
                metadata = new java.util.TreeMap<>(metadata);
                metadata.putAll(tagger.tags(s.features()).metadata());
            }
            EngineItem item = new EngineItem(s.id(), s.source(), s.media(), metadata);
            items.add(item);
            if (s.failure() != null) {
                item.skip("preprocess: " + s.failure());
            } else {
                live.add(item);
                features.add(s.features());
            }
        }
        if (tagger != null) {
            timings.add("tag", t, live.size());
        }
        if (live.isEmpty()) {
            return items;
        }
        t = Timings.Mark.now();
        CaptionStrategy base = settings.captioner();
        CaptionStrategy strategy = new CaptionStrategy(base.kind(), base.beamSize(), base.lengthPenalty(), base.topP(),
                base.temperature(), base.candidates(), mix(ctx.seed(), base.seed(), shardIndex), base.maxTokens());
        float[][] emb; // (N, E), the scorer's space
        List<List<String>> candidates;
        if (ctx.scorer() == ctx.model()) {
            // One encoder forward per batch for embeddings and captions; the decoder runs the whole shard at once.
            EmbeddedCaptions captioned = ctx.model().embedAndCaption(features, settings.batchSize(), strategy);
            emb = captioned.embeddings();
            candidates = captioned.captions();
        } else {
            emb = ctx.scorer().embedModality(features, settings.batchSize());
            candidates = ctx.model().captions(features, settings.batchSize(), strategy);
        }
        for (int i = 0; i < live.size(); i++) {
            live.get(i).setEmbedding(emb[i]);
            live.get(i).candidates().addAll(candidates.get(i));
        }
        timings.add("caption", t, live.size());
        List<EngineItem> empty = live.stream().filter(i -> i.candidates().stream().allMatch(String::isBlank)).toList();
        empty.forEach(i -> i.reject("caption", "every candidate is empty"));
        live = live.stream().filter(EngineItem::alive).toList();

        t = Timings.Mark.now();
        Map<String, float[]> textEmb = embedDistinct(
                live.stream().flatMap(i -> i.candidates().stream()).toList(), ctx);
        for (EngineItem item : live) {
            String best = null;
            double bestScore = Double.NEGATIVE_INFINITY;
            for (String c : item.candidates()) {
                if (c.isBlank()) {
                    continue;
                }
                double sc = dot(item.embedding(), textEmb.get(c));
                if (sc > bestScore || (sc == bestScore && best != null && c.compareTo(best) < 0)) {
                    best = c;
                    bestScore = sc;
                }
            }
            item.setCaption(best);
            item.scores().put("rerank", round6(bestScore));
        }
        timings.add("rerank", t, live.size());

        for (Refiner r : refiners) {
            t = Timings.Mark.now();
            List<EngineItem> alive = live.stream().filter(EngineItem::alive).toList();
            for (int start = 0; start < alive.size(); start += settings.batchSize()) {
                r.refine(alive.subList(start, Math.min(alive.size(), start + settings.batchSize())), ctx);
            }
            timings.add("refine:" + r.id(), t, alive.size());
        }

        t = Timings.Mark.now();
        List<EngineItem> alive = live.stream().filter(EngineItem::alive).toList();
        Map<String, float[]> finalEmb = embedDistinct(alive.stream().map(EngineItem::caption).toList(), ctx);
        for (EngineItem item : alive) {
            if (item.caption() == null || item.caption().isBlank()) {
                item.reject("score", "empty caption after refinement");
            } else {
                item.scores().put("alignment", round6(dot(item.embedding(), finalEmb.get(item.caption()))));
            }
        }
        timings.add("score", t, alive.size());

        for (CaptionFilter f : filters) {
            if (!f.global()) {
                t = Timings.Mark.now();
                List<EngineItem> a = live.stream().filter(EngineItem::alive).toList();
                f.apply(a, ctx);
                timings.add("filter:" + f.id(), t, a.size());
            }
        }
        return items;
    }

    /** Embeds the distinct texts of {@code texts} in one call; keys are the texts. */
    private static Map<String, float[]> embedDistinct(List<String> texts, EngineContext ctx) throws ListkitException {
        List<String> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(
                texts.stream().filter(x -> x != null && !x.isBlank()).toList()));
        Map<String, float[]> out = new LinkedHashMap<>();
        if (distinct.isEmpty()) {
            return out;
        }
        float[][] e = ctx.scorer().embed(distinct); // (N, E), normalised, in the scorer's space
        for (int i = 0; i < e.length; i++) {
            out.put(distinct.get(i), e[i]);
        }
        return out;
    }

    /**
     * A shard file read back.
     *
     * @param items the shard's items, null when it must be (re)computed
     * @param stale why a finished shard on disk is not reused (another engine configuration, model or pool),
     *              null when it is reused or there was no finished shard
     */
    public record ShardRead(List<EngineItem> items, String stale) {
    }

    /**
     * Reads a finished shard back. Its items are returned only when its header carries {@code stamp} (same
     * engine configuration and model) and the hash of {@code ids}, and it holds exactly {@code ids} in order;
     * a missing or unreadable file, or one written by another configuration, model or pool, reads as
     * {@code items == null} (then it is recomputed and rewritten atomically).
     */
    public static ShardRead readShard(Path file, List<String> ids, ShardStamp stamp) throws IOException {
        if (!Files.exists(file)) {
            return new ShardRead(null, null);
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<EngineItem> items = new ArrayList<>();
        JsonNode header = null;
        for (String line : lines) {
            if (!line.isBlank()) {
                try {
                    JsonNode node = Json.MAPPER.readTree(line);
                    if (items.isEmpty() && header == null && ShardStamp.isHeader(node)) {
                        header = node;
                        continue;
                    }
                    items.add(EngineItem.restore(Json.MAPPER.treeToValue(node, ManifestRecord.class)));
                } catch (JsonProcessingException | IllegalArgumentException e) {
                    return new ShardRead(null, null); // unreadable (a torn write): recompute
                }
            }
        }
        String mismatch = stamp.mismatch(header, ids);
        if (mismatch != null) {
            return new ShardRead(null, mismatch);
        }
        if (items.size() != ids.size()) {
            return new ShardRead(null, "holds " + items.size() + " records for " + ids.size() + " samples");
        }
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).id().equals(ids.get(i))) {
                return new ShardRead(null, "holds other samples"); // the pool changed: this shard is not ours
            }
        }
        return new ShardRead(items, null);
    }

    /**
     * Writes finished shard {@code index} atomically, its first line the {@code stamp} of what produced it:
     * a retried or repeated computation replaces it whole.
     */
    public static void writeShard(Path file, List<EngineItem> items, int round, ShardStamp stamp, int index)
            throws IOException {
        Files.createDirectories(file.getParent());
        StringBuilder sb = new StringBuilder();
        sb.append(stamp.header(index, items.stream().map(EngineItem::id).toList())).append('\n');
        appendRecords(sb, items, round);
        AtomicFiles.writeString(file, sb.toString());
    }

    private static void writeJsonl(Path file, List<EngineItem> items, int round) throws IOException {
        StringBuilder sb = new StringBuilder();
        appendRecords(sb, items, round);
        AtomicFiles.writeString(file, sb.toString());
    }

    private static void appendRecords(StringBuilder sb, List<EngineItem> items, int round) {
        for (EngineItem i : items) {
            sb.append(Json.write(ManifestRecord.of(i, round))).append('\n');
        }
    }

    private static EngineSummary summarise(List<ManifestRecord> records, int round, int computed, int reused,
            Timings t, Map<String, Map<String, Long>> counters, double wall) {
        int accepted = 0;
        int rejected = 0;
        int skipped = 0;
        Map<String, Integer> by = new java.util.TreeMap<>();
        for (ManifestRecord r : records) {
            switch (r.status()) {
                case "accepted" -> accepted++;
                case "rejected" -> {
                    rejected++;
                    String stage = r.reason() == null ? "?" : r.reason().split(":", 2)[0];
                    by.merge(stage, 1, Integer::sum);
                }
                default -> skipped++;
            }
        }
        return new EngineSummary(round, records.size(), accepted, rejected, skipped, by, computed, reused,
                t.seconds(), t.rates(), t.cpuSeconds(), counters, round6(wall), t.processCpuSeconds());
    }

    private static long mix(long a, long b, long c) {
        long h = a * 0x9E3779B97F4A7C15L + b * 0xBF58476D1CE4E5B9L + c * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double round6(double v) {
        return Math.round(v * 1e6) / 1e6;
    }

    /**
     * Wall time, CPU time and item counts per stage; serializable so distributed tasks can send theirs back.
     * The CPU time is that of the thread that ran the stage ({@link Mark}); work a stage hands to other threads
     * (ONNX Runtime's intra-op pool when it has more than one thread, the text tower's pool) is not in it.
     */
    public static final class Timings implements java.io.Serializable {
        private static final long serialVersionUID = 2L;
        private static final java.lang.management.ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final LinkedHashMap<String, double[]> stages = new LinkedHashMap<>(); // wall s, items, CPU s
        /** This process's CPU time when these timings were made (the start of a round, for the driver's). */
        private final long processCpuStartNanos = processCpuNanos();

        /** CPU time of this whole process (every thread: workers, JIT compiler, garbage collector), or -1. */
        static long processCpuNanos() {
            return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                    ? os.getProcessCpuTime() : -1;
        }

        /** Process CPU seconds since these timings were made, or -1 where the JVM cannot tell. */
        double processCpuSeconds() {
            long now = processCpuNanos();
            return now < 0 || processCpuStartNanos < 0 ? -1 : round6((now - processCpuStartNanos) / 1e9);
        }

        /**
         * A point in wall-clock time and in the current thread's CPU time.
         *
         * @param wallNanos {@link System#nanoTime()}
         * @param cpuNanos  the current thread's CPU time, or -1 where the JVM cannot measure it
         */
        public record Mark(long wallNanos, long cpuNanos) {
            /** Now, on this thread. */
            public static Mark now() {
                return new Mark(System.nanoTime(), THREADS.isCurrentThreadCpuTimeSupported()
                        ? THREADS.getCurrentThreadCpuTime() : -1);
            }
        }

        /** Adds the wall time since {@code startNanos} and {@code items} to {@code stage} (no CPU time). */
        public synchronized void add(String stage, long startNanos, long items) {
            double[] v = stages.computeIfAbsent(stage, k -> new double[3]);
            v[0] += (System.nanoTime() - startNanos) / 1e9;
            v[1] += items;
        }

        /** Adds the wall and CPU time since {@code start} (taken on this thread) and {@code items} to {@code stage}. */
        public synchronized void add(String stage, Mark start, long items) {
            Mark end = Mark.now();
            double[] v = stages.computeIfAbsent(stage, k -> new double[3]);
            v[0] += (end.wallNanos() - start.wallNanos()) / 1e9;
            v[1] += items;
            if (start.cpuNanos() >= 0 && end.cpuNanos() >= 0) {
                v[2] += (end.cpuNanos() - start.cpuNanos()) / 1e9;
            }
        }

        /** Adds every stage of {@code other} (seconds and items) to this one. */
        public synchronized void merge(Timings other) {
            Map<String, double[]> theirs;
            synchronized (other) {
                theirs = new LinkedHashMap<>(other.stages);
            }
            theirs.forEach((k, v) -> {
                double[] mine = stages.computeIfAbsent(k, x -> new double[3]);
                for (int i = 0; i < Math.min(mine.length, v.length); i++) {
                    mine[i] += v[i];
                }
            });
        }

        synchronized Map<String, Double> seconds() {
            Map<String, Double> out = new LinkedHashMap<>();
            stages.forEach((k, v) -> out.put(k, round6(v[0])));
            return out;
        }

        synchronized Map<String, Double> cpuSeconds() {
            Map<String, Double> out = new LinkedHashMap<>();
            stages.forEach((k, v) -> out.put(k, round6(v.length > 2 ? v[2] : 0)));
            return out;
        }

        synchronized Map<String, Double> rates() {
            Map<String, Double> out = new LinkedHashMap<>();
            stages.forEach((k, v) -> out.put(k, v[0] > 0 ? Math.round(v[1] / v[0] * 100) / 100.0 : 0.0));
            return out;
        }
    }

    /** Builder: {@code setSettings} required; refiners and filters in chain order. */
    public static final class Builder {
        private EngineSettings settings;
        private final List<Refiner> refiners = new ArrayList<>();
        private final List<CaptionFilter> filters = new ArrayList<>();
        private boolean progress;
        private ShardListener listener;
        private ShardStamp stamp = ShardStamp.NONE;

        public Builder setSettings(EngineSettings value) {
            settings = value;
            return this;
        }

        public Builder addRefiner(Refiner value) {
            refiners.add(Objects.requireNonNull(value));
            return this;
        }

        public Builder addFilter(CaptionFilter value) {
            filters.add(Objects.requireNonNull(value));
            return this;
        }

        public Builder optProgress(boolean value) {
            progress = value;
            return this;
        }

        public Builder optShardListener(ShardListener value) {
            listener = value;
            return this;
        }

        /**
         * What produces this engine's shards (engine configuration and model hashes): a finished shard is
         * reused only when it carries the same stamp. Default {@link ShardStamp#NONE}.
         */
        public Builder optStamp(ShardStamp value) {
            stamp = Objects.requireNonNull(value);
            return this;
        }

        public DataEngine build() {
            Objects.requireNonNull(settings, "setSettings is required");
            return new DataEngine(this);
        }
    }
}
