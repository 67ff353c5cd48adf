package dev.listkit.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ListkitException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.util.Json;
import dev.listkit.core.util.StderrCapture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataEngineTest {
    @TempDir
    Path dir;

    private static List<PoolSample> pool(int n) {
        List<PoolSample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int concept = i % ConceptModel.CONCEPTS.size();
            out.add(new PoolSample(String.format("ds:clip-%03d", i), "ds", "/data/clip-" + i + ".wav",
                    Map.of("title", "field recording " + ConceptModel.CONCEPTS.get(concept)),
                    ConceptModel.sample(concept, 0.2, i), null));
        }
        out.add(new PoolSample("ds:broken", "ds", "/data/broken.wav", Map.of(), null,
                "/data/broken.wav: truncated RIFF chunk"));
        return out;
    }

    private static EngineContext ctx(ConceptModel model, Path cache) {
        return new EngineContext(model, cache, Map.of(), 11, 1);
    }

    private static DataEngine engine(DataEngine.ShardListener listener, Refiner... extra) throws Exception {
        return engine(ShardStamp.NONE, listener, extra);
    }

    private static DataEngine engine(ShardStamp stamp, DataEngine.ShardListener listener, Refiner... extra)
            throws Exception {
        DataEngine.Builder b = DataEngine.builder().optStamp(stamp)
                .setSettings(new EngineSettings(new CaptionStrategy("nucleus", 1, 0f, 0.9f, 1f, 4, 0, 10), 4, 6))
                .addRefiner(EngineRegistry.refiner(Json.parse("{\"id\": \"alttext\", \"metadataKeys\": [\"title\"]}")));
        for (Refiner r : extra) {
            b.addRefiner(r);
        }
        b.addFilter(EngineRegistry.filter(Json.parse("{\"id\": \"heuristics\", \"vocabulary\": \"function-words\"}")));
        b.addFilter(EngineRegistry.filter(Json.parse("{\"id\": \"alignment\", \"topFraction\": 0.8}")));
        if (listener != null) {
            b.optShardListener(listener);
        }
        return b.build();
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
    }

    @Test
    void captionsRefinesFiltersAndRecordsEverySample() throws Exception {
        ConceptModel model = new ConceptModel();
        Path out = dir.resolve("round-1");
        DataEngine.Result r = engine(null).run(pool(25), ctx(model, dir.resolve("cache")), out);

        assertEquals(26, r.records().size());
        assertEquals(26, lines(out.resolve("manifest.jsonl")).size());
        assertEquals(5, Files.list(out.resolve("shards")).count(), "26 samples in shards of 6");
        ManifestRecord broken = r.records().stream().filter(x -> x.id().equals("ds:broken")).findFirst().orElseThrow();
        assertEquals("skipped", broken.status());
        assertTrue(broken.reason().contains("truncated RIFF chunk"), broken.reason());
        // Reranking picks the candidate naming the sample's concept; every accepted caption names it.
        int accepted = 0;
        for (ManifestRecord m : r.records()) {
            if (m.accepted()) {
                accepted++;
                int i = Integer.parseInt(m.id().substring("ds:clip-".length()));
                String concept = ConceptModel.CONCEPTS.get(i % ConceptModel.CONCEPTS.size());
                assertTrue(m.caption().contains(concept), m.caption() + " should name " + concept);
                assertEquals(4, m.candidates().size());
                assertEquals("alttext", m.steps().get(0).refiner());
                assertTrue(m.scores().get("alignment") > 0.5, m.toString());
            }
        }
        // 25 live samples, all with a good candidate; the global top-80 % cut keeps ceil(0.8 * 25) = 20.
        assertEquals(20, accepted);
        assertEquals(20, r.summary().accepted());
        assertEquals(5, r.summary().rejectedBy().get("alignment"));
        assertEquals(1, r.summary().skipped());
        assertTrue(r.summary().stageItemsPerSecond().containsKey("caption"));
        JsonNode summary = Json.parse(Files.readString(out.resolve("summary.json")));
        assertEquals(26, summary.get("pool").asInt());
    }

    @Test
    void aCrashedRoundResumesWithoutLosingOrDuplicatingPairs() throws Exception {
        Path clean = dir.resolve("clean");
        DataEngine.Result expected = engine(null).run(pool(25), ctx(new ConceptModel(), dir.resolve("c1")), clean);

        // First attempt dies in the middle of shard 2 (a refiner throws on its 3rd item), after shards 0 and 1.
        Path crashed = dir.resolve("crashed");
        Refiner bomb = new Refiner() {
            int seen;

            @Override
            public String id() {
                return "bomb";
            }

            @Override
            public void refine(List<EngineItem> items, EngineContext ctx) {
                for (EngineItem i : items) {
                    if (++seen == 15) {
                        throw new IllegalStateException("killed");
                    }
                    i.steps().add(new RefineStep("bomb", i.caption(), i.caption(), "", false));
                }
            }
        };
        assertThrows(IllegalStateException.class,
                () -> engine(null, bomb).run(pool(25), ctx(new ConceptModel(), dir.resolve("c2")), crashed));
        List<Path> shards;
        try (var s = Files.list(crashed.resolve("shards"))) {
            shards = s.filter(p -> p.toString().endsWith(".jsonl")).sorted().toList();
        }
        assertEquals(2, shards.size(), "shards 0 and 1 were written, the crashed shard 2 left no file");
        assertTrue(!Files.exists(crashed.resolve("manifest.jsonl")));

        // The rerun (without the bomb) reuses the two finished shards and computes the rest.
        Path second = dir.resolve("second");
        Files.createDirectories(second);
        copyTree(crashed, second);
        ConceptModel model = new ConceptModel();
        DataEngine.Result resumed = engine(null).run(pool(25), ctx(model, dir.resolve("c3")), second);
        assertEquals(2, resumed.summary().shardsReused());
        assertEquals(3, resumed.summary().shardsComputed());
        assertEquals(3, model.captionCalls, "only the three missing shards were captioned");
        Set<String> ids = new HashSet<>();
        for (ManifestRecord m : resumed.records()) {
            assertTrue(ids.add(m.id()), "duplicate " + m.id());
        }
        assertEquals(26, ids.size());
        // Reused shards carry the bomb's steps, recomputed ones do not; captions and verdicts are identical.
        for (int i = 0; i < expected.records().size(); i++) {
            ManifestRecord a = expected.records().get(i);
            ManifestRecord b = resumed.records().get(i);
            assertEquals(a.id(), b.id());
            assertEquals(a.caption(), b.caption());
            assertEquals(a.status(), b.status());
            assertEquals(a.candidates(), b.candidates());
        }
        // A third run computes nothing.
        ConceptModel idle = new ConceptModel();
        DataEngine.Result again = engine(null).run(pool(25), ctx(idle, dir.resolve("c4")), second);
        assertEquals(0, idle.captionCalls);
        assertEquals(5, again.summary().shardsReused());
    }

    @Test
    void aCorruptShardIsRecomputed() throws Exception {
        Path out = dir.resolve("r");
        engine(null).run(pool(12), ctx(new ConceptModel(), dir.resolve("c")), out);
        Files.writeString(out.resolve("shards").resolve("shard-00001.jsonl"), "{not json\n");
        ConceptModel model = new ConceptModel();
        DataEngine.Result r = engine(null).run(pool(12), ctx(model, dir.resolve("c")), out);
        assertEquals(1, r.summary().shardsComputed());
        assertEquals(13, r.records().size());
    }

    @Test
    void aShardIsReusedOnlyForTheSameEngineConfigurationModelAndPool() throws Exception {
        Path out = dir.resolve("stamped");
        ShardStamp a = new ShardStamp("engine-a", "model-a");
        DataEngine.Result first = engine(a, null).run(pool(25), ctx(new ConceptModel(), dir.resolve("c")), out);
        assertEquals(5, first.summary().shardsComputed());
        String head = Files.readAllLines(out.resolve("shards/shard-00000.jsonl")).get(0);
        JsonNode header = Json.parse(head).get("shard");
        assertEquals("engine-a", header.get("engineSha256").asText());
        assertEquals("model-a", header.get("modelSha256").asText());
        assertEquals(6, header.get("samples").asInt());

        // Unchanged: every shard reused, nothing captioned.
        ConceptModel idle = new ConceptModel();
        assertEquals(5, engine(a, null).run(pool(25), ctx(idle, dir.resolve("c")), out).summary().shardsReused());
        assertEquals(0, idle.captionCalls);

        // Another engine configuration, another model, or an unstamped (older) shard: recomputed, and said so.
        for (ShardStamp other : List.of(new ShardStamp("engine-b", "model-a"), new ShardStamp("engine-b", "model-b"),
                ShardStamp.NONE)) {
            ConceptModel model = new ConceptModel();
            EngineContext c = new EngineContext(model, dir.resolve("c"), Map.of(), 11, 1);
            DataEngine.Result r;
            String log;
            try (StderrCapture capture = new StderrCapture()) { // the engine logs through SLF4J to stderr
                r = engine(other, null).run(pool(25), c, out);
                log = capture.text();
            }
            assertEquals(5, r.summary().shardsComputed(), other.toString());
            assertEquals(0, r.summary().shardsReused(), other.toString());
            assertEquals(5, model.captionCalls);
            String why = other.engineSha256() == null ? "by another engine configuration (engine engine-b, now none)"
                    : other.modelSha256().equals("model-a")
                    ? "by another engine configuration (engine engine-a, now engine-b)"
                    : "with another model (model model-a, now model-b)";
            assertTrue(log.contains("5 finished shard(s) on disk were recomputed, not reused: shard 0"
                    + " written " + why), log);
        }
        // A shard file without a header (written before stamps) is not reused by a stamped job.
        for (int k = 0; k < 5; k++) {
            Path f = out.resolve(String.format("shards/shard-%05d.jsonl", k));
            List<String> lines = Files.readAllLines(f);
            Files.write(f, lines.subList(1, lines.size()));
        }
        EngineContext c = new EngineContext(new ConceptModel(), dir.resolve("c"), Map.of(), 11, 1);
        try (StderrCapture capture = new StderrCapture()) {
            assertEquals(5, engine(a, null).run(pool(25), c, out).summary().shardsComputed());
            assertTrue(capture.text().contains("written without a stamp"), capture.text());
        }

        // The pool changed: the shards whose membership changed are recomputed, the others reused.
        List<PoolSample> fewer = new ArrayList<>(pool(25));
        fewer.remove(fewer.size() - 2); // ds:clip-024, in the last shard
        DataEngine.Result r = engine(a, null).run(fewer, ctx(new ConceptModel(), dir.resolve("c")), out);
        assertEquals(1, r.summary().shardsComputed());
        assertEquals(4, r.summary().shardsReused());
    }

    @Test
    void duplicateIdsAreRefused() throws Exception {
        List<PoolSample> p = new ArrayList<>(pool(3));
        p.add(p.get(0));
        ListkitException e = assertThrows(ListkitException.class,
                () -> engine(null).run(p, ctx(new ConceptModel(), dir), dir.resolve("x")));
        assertTrue(e.getMessage().contains("ds:clip-000"), e.getMessage());
    }

    /** Counts what a model is asked for, delegating to a {@link ConceptModel}. */
    private static final class Counting implements dev.listkit.core.inference.InferenceModel {
        final ConceptModel inner = new ConceptModel();
        int embeds;

        @Override
        public dev.listkit.core.modality.Modality modality() {
            return inner.modality();
        }

        @Override
        public float[][] embedModality(List<dev.listkit.core.data.FloatTensor> items, int batchSize) {
            embeds++;
            return inner.embedModality(items, batchSize);
        }

        @Override
        public float[][] embed(List<String> texts) {
            embeds++;
            return inner.embed(texts);
        }

        @Override
        public List<List<String>> captions(List<dev.listkit.core.data.FloatTensor> items, int batchSize,
                CaptionStrategy strategy) {
            return inner.captions(items, batchSize, strategy);
        }

        @Override
        public Path directory() {
            return Path.of("counting");
        }

        @Override
        public dev.listkit.core.config.Recipe recipe() {
            return inner.recipe();
        }

        @Override
        public String runtime() {
            return "test";
        }

        @Override
        public void close() {
        }
    }

    /** A separate scorer (CapFilt's filter) reranks, refines and scores; the model only captions. */
    @Test
    void aSeparateScorerScoresAndTheModelOnlyCaptions() throws Exception {
        Counting captioner = new Counting();
        Counting scorer = new Counting();
        EngineContext c = new EngineContext(captioner, dir.resolve("cache"), Map.of(), 11, 1, scorer);
        assertTrue(c.toString().contains("scorer="), c.toString());
        DataEngine.Result withScorer = engine(null).run(pool(12), c, dir.resolve("scored"));
        assertEquals(0, captioner.embeds, "the captioning model embeds nothing");
        assertTrue(scorer.embeds > 0);
        assertTrue(captioner.inner.captionCalls > 0, "the captioning model captions");
        // The same models without a separate scorer give the same manifest (the scorer is the same kind of model).
        DataEngine.Result alone = engine(null).run(pool(12), ctx(new ConceptModel(), dir.resolve("c2")),
                dir.resolve("alone"));
        assertEquals(alone.records().stream().map(ManifestRecord::caption).toList(),
                withScorer.records().stream().map(ManifestRecord::caption).toList());
        assertEquals(c.model(), new EngineContext(captioner, dir, Map.of(), 1, 1).scorer(),
                "no scorer: the model scores");
    }

    @Test
    void unknownPluginsNameWhatExists() {
        Exception e = assertThrows(dev.listkit.core.ConfigException.class,
                () -> EngineRegistry.refiner(Json.parse("{\"id\": \"gpt9\"}")));
        assertTrue(e.getMessage().contains("alttext"), e.getMessage());
        e = assertThrows(dev.listkit.core.ConfigException.class,
                () -> EngineRegistry.filter(Json.parse("{\"id\": \"alignment\", \"topFracton\": 0.5}")));
        assertTrue(e.getMessage().contains("topFracton"), e.getMessage());
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var s = Files.walk(from)) {
            for (Path p : s.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
