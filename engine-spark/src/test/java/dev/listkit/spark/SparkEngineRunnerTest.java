package dev.listkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.engine.PoolEntry;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.StderrCapture;
import dev.listkit.recipes.cli.Listkit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark runner in embedded local mode on real ESC-50 and UrbanSound8K clips with a tiny trained and
 * exported model: its round manifest equals the local engine's byte for byte; a task that fails
 * mid-partition is retried without losing or duplicating a record; a job that crashed is resumed by a
 * rerun that skips the finished shards.
 */
class SparkEngineRunnerTest {
    @TempDir
    static Path tmp;
    private static Path model;
    private static Path pool;
    private static Path cache;
    private static List<String> lastShardIds;
    private static List<String> localManifest;
    private static JsonNode localSummary;
    private static int poolSize;

    private static final int SHARD = 6;
    private static final List<String> TINY = List.of(
            "data.train=[{\"dataset\":\"opensfx\",\"limit\":16},{\"dataset\":\"tuxpaint\",\"limit\":16}]",
            "model.encoder.widths=[8,16]", "model.embedDim=32",
            "model.decoder={\"dim\":32,\"layers\":1,\"heads\":2,\"mlpRatio\":2.0,\"maxLength\":12}",
            "train.batchSize=8", "train.totalSteps=4", "train.warmupSteps=1", "train.checkpointEvery=4",
            "train.logEvery=2", "train.learningRate=0.01", "eval.zeroShot=[]", "eval.captions=false");

    @BeforeAll
    static void trainExportAndRunLocally() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(DataRoot.get().resolve("esc50")), "no data");
        }
        cache = tmp.resolve("cache");
        Path run = tmp.resolve("run");
        model = tmp.resolve("model");
        List<String> train = new ArrayList<>(List.of("train", "--recipe", "audio-paired-baseline", "--run-dir",
                run.toString(), "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString(),
                "--engine-threads", "1"));
        TINY.forEach(s -> {
            train.add("--set");
            train.add(s);
        });
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, cli(log, train.toArray(String[]::new)), log.toString());
        assertEquals(Listkit.OK, cli(log, "export", "--run", run.toString(), "--out", model.toString(), "--cache-dir",
                cache.toString()), log.toString());

        // 16 ESC-50 and 12 UrbanSound8K clips (relative paths), a file that is not audio and an entry that
        // already failed when the pool was built.
        List<PoolEntry> entries = new ArrayList<>();
        for (String ds : List.of("esc50/audio", "urbansound8k/audio/fold1")) {
            try (Stream<Path> files = Files.list(DataRoot.get().resolve(ds))) {
                List<Path> wavs = files.filter(p -> p.toString().endsWith(".wav")).sorted()
                        .limit(ds.startsWith("esc50") ? 16 : 12).toList();
                for (Path w : wavs) {
                    String source = ds.substring(0, ds.indexOf('/'));
                    entries.add(new PoolEntry(source + ":" + w.getFileName(), source,
                            DataRoot.get().relativize(w).toString(), Map.of("filename", w.getFileName().toString()),
                            null));
                }
            }
        }
        Path broken = Files.writeString(tmp.resolve("not-audio.wav"), "this is not a RIFF file");
        entries.add(new PoolEntry("broken:not-audio", "broken", broken.toString(), Map.of(), null));
        entries.add(new PoolEntry("broken:earlier", "broken", "gone.wav", Map.of(), "cannot read: gone"));
        poolSize = entries.size();
        StringBuilder jsonl = new StringBuilder();
        entries.forEach(e -> jsonl.append(Json.write(e)).append('\n'));
        pool = Files.writeString(tmp.resolve("pool.jsonl"), jsonl.toString());
        List<String> sorted = entries.stream().map(PoolEntry::id).sorted().toList();
        int lastStart = (sorted.size() - 1) / SHARD * SHARD;
        lastShardIds = sorted.subList(lastStart, sorted.size());

        Path done = Files.writeString(tmp.resolve("local.marker"), "1");
        Path out = tmp.resolve("local");
        assertEquals(Listkit.OK, engine(log, "local", out, done, 1), log.toString());
        localManifest = Files.readAllLines(out.resolve("manifest.jsonl"));
        localSummary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertTrue(localSummary.get("accepted").asInt() > 0 && localSummary.get("rejected").asInt() > 0,
                "vacuous round: " + localSummary);
    }

    @Test
    void sparkEqualsLocalAndATaskFailingMidPartitionIsRetried() throws Exception {
        Path marker = tmp.resolve("retry.marker");
        Path out = tmp.resolve("spark");
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, engine(log, "spark", out, marker, 1), log.toString());
        assertEquals(1, FailingRefiner.failures(marker), "the failure was injected once: " + log);

        List<String> lines = Files.readAllLines(out.resolve("manifest.jsonl"));
        assertEquals(localManifest, lines, "spark manifest == local manifest");
        Set<String> ids = new HashSet<>();
        int skipped = 0;
        int captioned = 0;
        long refined = 0;
        for (String l : lines) {
            ManifestRecord r = Json.MAPPER.readValue(l, ManifestRecord.class);
            assertTrue(ids.add(r.id()), "duplicate " + r.id());
            if (r.status().equals("skipped")) {
                skipped++;
                assertTrue(r.reason().startsWith("preprocess: "), l);
            } else {
                captioned += r.candidates().size() == 2 ? 1 : 0;
                refined += r.steps().stream().filter(st -> st.refiner().equals("alttext")).count();
            }
        }
        assertEquals(poolSize, ids.size());
        assertEquals(2, skipped, "the non-audio file and the earlier failure are recorded as skipped");
        assertEquals(poolSize - 2, captioned, "every decoded clip got its two candidates");
        assertTrue(refined > 0, "the recipe's alttext refiner ran in the tasks");
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        for (String k : List.of("pool", "accepted", "rejected", "skipped", "rejectedBy")) {
            assertEquals(localSummary.get(k), summary.get(k), k);
        }
        int shards = (poolSize + SHARD - 1) / SHARD;
        assertEquals(shards, summary.get("shardsComputed").asInt());
        try (Stream<Path> files = Files.list(out.resolve("shards"))) {
            assertEquals(shards, files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).count(),
                    "one shard file per shard, no temporary leftovers");
        }
    }

    @Test
    void aRerunAfterACrashSkipsFinishedShards() throws Exception {
        Path marker = tmp.resolve("crash.marker");
        Path out = tmp.resolve("crashed");
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.FAILURE, engine(log, "spark", out, marker, 1000), log.toString());
        assertTrue(log.toString().contains("finished shards are kept"), log.toString());
        assertEquals(SparkEngineRunner.LOCAL_MAX_FAILURES, FailingRefiner.failures(marker), "every attempt failed");
        assertTrue(Files.notExists(out.resolve("manifest.jsonl")));
        int shards = (poolSize + SHARD - 1) / SHARD;
        long finished;
        try (Stream<Path> files = Files.list(out.resolve("shards"))) {
            finished = files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).count();
        }
        assertTrue(finished >= 3 && finished < shards, finished + " of " + shards + " shards finished before the crash");

        Files.writeString(marker, "1000"); // the cause is fixed
        StringBuilder again = new StringBuilder();
        assertEquals(Listkit.OK, engine(again, "spark", out, marker, 1000), again.toString());
        JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
        assertEquals(finished, summary.get("shardsReused").asInt(), again.toString());
        assertEquals(shards - finished, summary.get("shardsComputed").asInt());
        assertEquals(localManifest, Files.readAllLines(out.resolve("manifest.jsonl")), "resumed manifest == local");
    }

    @Test
    void theLocalRunnerGivesOneManifestOnAnyNumberOfThreadsFromCachedFeatures() throws Exception {
        for (String threads : List.of("1", "3")) {
            Path out = tmp.resolve("local-threads-" + threads);
            StringBuilder log = new StringBuilder();
            assertEquals(Listkit.OK, engine(log, "local", out, tmp.resolve("local.marker"), 1, "--threads", threads),
                    log.toString());
            assertEquals(localManifest, Files.readAllLines(out.resolve("manifest.jsonl")), threads + " threads");
            // The first local run decoded the clips and kept their features; this one decodes none.
            assertTrue(log.toString().contains("pool features: 0 from dataset caches, " + (poolSize - 2) + " from media-")
                    && log.toString().contains(", 0 computed and stored (2 failed)"), log.toString());
            JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
            assertTrue(summary.get("stageCpuSeconds").get("caption").asDouble() > 0, summary.toString());
            assertTrue(summary.get("cpuSeconds").asDouble() >= summary.get("stageCpuSeconds").get("caption").asDouble(),
                    summary.toString());
        }
    }

    /** One engine round through the CLI with the recipe's chain plus the fault injector first. */
    private static int engine(StringBuilder log, String runner, Path out, Path marker, int times, String... extra) {
        String failing = "{\"id\":\"fail-once\",\"failOn\":" + Json.write(lastShardIds) + ",\"marker\":"
                + Json.write(marker.toString()) + ",\"times\":" + times + "}";
        List<String> args = new ArrayList<>(List.of("engine", "--runner", runner, "--pool", pool.toString(), "--model",
                model.toString(), "--recipe", "esc50-list", "--seed", "3", "--round", "1", "--out", out.toString(),
                "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString(), "--ort-threads", "1",
                "--ort-cpu", "--master", "local[2]",
                "--set", "selfTraining.engine.shardSize=" + SHARD, "--set", "selfTraining.engine.batchSize=4",
                "--set", "selfTraining.engine.captioner.candidates=2", "--set",
                "selfTraining.engine.captioner.maxTokens=8", "--set", "selfTraining.engine.refiners=[" + failing
                        + ",{\"id\":\"alttext\",\"metadataKeys\":[\"filename\"],\"template\":\"the sound of {}\","
                        + "\"margin\":0.05}]"));
        args.addAll(List.of(extra));
        return cli(log, args.toArray(String[]::new));
    }

    private static int cli(StringBuilder log, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status;
        try (StderrCapture lines = new StderrCapture()) { // the log lines (slf4j-simple writes to System.err)
            status = new Listkit().run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                    new PrintStream(e, true, StandardCharsets.UTF_8));
            log.append(o.toString(StandardCharsets.UTF_8)).append(e.toString(StandardCharsets.UTF_8))
                    .append(lines.text());
        }
        return status;
    }
}
