package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.config.CaptionStrategy;
import dev.listkit.core.engine.DataEngine;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.EngineSettings;
import dev.listkit.core.engine.PoolSample;
import dev.listkit.core.features.FeatureCache;
import dev.listkit.core.features.FeatureIndex;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.inference.ort.OrtOptions;
import dev.listkit.core.inference.runtime.InferenceModels;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.tower.Tags;
import dev.listkit.core.util.Json;
import dev.listkit.recipes.cli.Listkit;
import dev.listkit.recipes.cli.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code *-pretrained} recipes end to end on real data and the real models of the models root (run in
 * CI, never skipped): frozen-tower outputs are computed once per sample (and view) into the feature cache,
 * reused by the next run, trained on, and evaluated; a missing models root fails before training starts.
 */
class PretrainedRecipesTest {
    @TempDir
    Path tmp;

    private static final List<String> TINY_HEADS = List.of("model.embedDim=32",
            "model.decoder={\"dim\":32,\"layers\":1,\"heads\":2,\"mlpRatio\":2.0,\"maxLength\":12}",
            "train.batchSize=8", "train.totalSteps=3", "train.warmupSteps=1", "train.checkpointEvery=0",
            "train.logEvery=1");

    private static final List<String> TINY_AUDIO = concat(TINY_HEADS, List.of(
            "data.train=[{\"dataset\":\"opensfx\",\"limit\":24},{\"dataset\":\"urbansound8k\",\"limit\":40,"
                    + "\"labelCaptions\":{\"key\":\"label\",\"templates\":[\"the sound of {}\"]}}]",
            "model.encoder.views=2",
            "eval.zeroShot=[{\"dataset\":\"esc50\",\"options\":{\"folds\":\"4\"},\"templates\":[\"ms-clap\"]}]"));

    @Test
    void pretrainedAudioBaselineTrainsOnCachedTowerOutputsAndReusesThem() throws Exception {
        Path cache = tmp.resolve("cache");
        StringBuilder log = new StringBuilder();
        Path run = tmp.resolve("run");
        assertEquals(Listkit.OK, TinyTrain.run("audio-paired-baseline-pretrained", run, cache, TINY_AUDIO, List.of(),
                log), log.toString());
        JsonNode report = Json.MAPPER.readTree(run.resolve("report.json").toFile());
        assertEquals(3, report.get("steps").asInt());
        JsonNode zs = report.get("zeroShot").get("esc50/ms-clap");
        assertEquals(400, zs.get("count").asInt());
        assertTrue(zs.get("top1").asDouble() <= zs.get("top5").asDouble(), zs.toString());

        // Every cached sample is the tower's output: 2 views × (pooled + 8 tokens + 527 AudioSet logits in 2 rows)
        // × 384.
        Map<Path, FileTime> written = new HashMap<>();
        Set<String> datasets = new LinkedHashSet<>();
        try (Stream<Path> dirs = Files.list(cache.resolve("features"))) {
            for (Path dir : dirs.toList()) {
                FeatureIndex index = FeatureCache.readIndex(dir);
                datasets.add(index.dataset());
                FeatureIndex.Entry e = index.entries().get(0);
                assertArrayEquals(new long[] {2, 11, 384}, FeatureCache.load(dir, e).shape(), dir.toString());
                for (FeatureIndex.Entry x : index.entries()) {
                    written.put(dir.resolve(x.file()), Files.getLastModifiedTime(dir.resolve(x.file())));
                }
            }
        }
        assertTrue(datasets.containsAll(List.of("opensfx", "urbansound8k", "esc50")), datasets.toString());
        // A second run reads the same cache: no tower output is recomputed.
        StringBuilder again = new StringBuilder();
        assertEquals(Listkit.OK, TinyTrain.run("audio-paired-baseline-pretrained", tmp.resolve("run2"), cache,
                TINY_AUDIO, List.of(), again), again.toString());
        for (Map.Entry<Path, FileTime> e : written.entrySet()) {
            assertEquals(e.getValue(), Files.getLastModifiedTime(e.getKey()), e.getKey() + " was rewritten");
        }
        assertEquals(zs.get("top1").asDouble(), Json.MAPPER.readTree(tmp.resolve("run2/report.json").toFile())
                .get("zeroShot").get("esc50/ms-clap").get("top1").asDouble(), "same seed, same cache, same result");

        // The data engine tags pool samples with the tower's AudioSet classes: a cow is "Cattle" / "Moo".
        try (InferenceModel model = InferenceModels.open(run, "djl", cache, OrtOptions.defaults())) {
            Path cow = DataRoot.get().resolve("esc50/audio/2-103426-A-3.wav");
            PoolSample sample = new PoolSample("esc50:cow", "esc50", cow.toString(), Map.of(),
                    model.modality().load(cow), null);
            DataEngine engine = DataEngine.builder().setSettings(new EngineSettings(new CaptionStrategy("nucleus", 1,
                    0f, 0.9f, 1f, 2, 0, 8), 4, 4)).build();
            EngineItem item = engine.processShard(List.of(sample), 0, new EngineContext(model, tmp.resolve("e"),
                    Map.of(), 1, 1), new DataEngine.Timings()).get(0);
            String tags = item.metadata().get(Tags.KEY);
            assertTrue(tags != null && (tags.contains("Cattle") || tags.contains("Moo")), item.metadata().toString());
            assertEquals(5, item.metadata().get(Tags.SCORES_KEY).split(";").length, item.metadata().toString());
        }
        exportCarriesTheTowerAndMatchesDjl(run, cache);
    }

    /**
     * {@code listkit export} of a locked-tower run copies the tower (model, external weights, labels) with its
     * hash; ONNX Runtime then gives DJL's embeddings within 1e-4 and the same captions, without the models root;
     * a changed tower file is refused with the expected and found hash.
     */
    private void exportCarriesTheTowerAndMatchesDjl(Path run, Path cache) throws Exception {
        Path model = tmp.resolve("model");
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, cli(List.of("export", "--run", run.toString(), "--out", model.toString(),
                "--cache-dir", cache.toString()), log), log.toString());
        JsonNode tower = Json.MAPPER.readTree(model.resolve("model.json").toFile()).get("tower");
        assertEquals(List.of("tower/mn04_as.onnx", "tower/mn04_as.onnx.data", "tower/labels-audioset_labels.csv"),
                Json.MAPPER.convertValue(tower.get("files"), List.class));
        assertEquals("tower/mn04_as.onnx", tower.get("spec").get("model").asText());
        for (JsonNode f : tower.get("files")) {
            assertTrue(Files.size(model.resolve(f.asText())) > 0, f.asText());
        }
        Path nowhere = tmp.resolve("no-models-root");
        for (List<String> what : List.of(List.of("--text", "a cow moos", "--text", "rain on a roof"),
                List.of("--dataset", "opensfx"))) {
            Map<String, float[]> djl = embed(run, cache, "djl", what, List.of());
            Map<String, float[]> ort = embed(model, cache, "onnx", what, List.of("--models-root", nowhere.toString()));
            assertEquals(djl.keySet(), ort.keySet());
            assertTrue(djl.size() >= 2);
            for (String k : djl.keySet()) {
                for (int i = 0; i < djl.get(k).length; i++) {
                    assertEquals(djl.get(k)[i], ort.get(k)[i], 1e-4, k + "[" + i + "]");
                }
            }
        }
        Map<String, Double> top1 = new HashMap<>(); // zero-shot on ONNX Runtime gives DJL's accuracy
        for (String runtime : List.of("djl", "onnx")) {
            Path out = tmp.resolve("zs-" + runtime);
            StringBuilder zs = new StringBuilder();
            List<String> args = new ArrayList<>(List.of("eval", "zeroshot", "--run", (runtime.equals("djl") ? run
                    : model).toString(), "--runtime", runtime, "--dataset", "esc50", "--dataset-option", "folds=4",
                    "--templates", "esc50", "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString(),
                    "--out", out.toString()));
            if (runtime.equals("onnx")) { // the exported model carries its tower
                args.addAll(List.of("--models-root", nowhere.toString()));
            }
            assertEquals(Listkit.OK, cli(args, zs), zs.toString());
            top1.put(runtime, Json.MAPPER.readTree(out.resolve("zeroshot-esc50-folds-4-esc50.json").toFile()).get("top1")
                    .asDouble());
        }
        assertEquals(top1.get("djl"), top1.get("onnx"));
        List<String> djlCaptions = captions(run, cache, "djl");
        assertEquals(djlCaptions, captions(model, cache, "onnx"));
        assertTrue(djlCaptions.stream().anyMatch(l -> l.matches(".*\\w.*")), djlCaptions.toString());

        Path tampered = tmp.resolve("tampered");
        try (Stream<Path> files = Files.walk(model)) {
            for (Path f : files.toList()) {
                Path to = tampered.resolve(model.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        Path labels = tampered.resolve("tower/labels-audioset_labels.csv");
        Files.writeString(labels, Files.readString(labels).replace("Moo", "Mooo"));
        StringBuilder refused = new StringBuilder();
        assertEquals(Listkit.USAGE, cli(List.of("embed", "--run", tampered.toString(), "--text", "x", "--cache-dir",
                cache.toString(), "--out", tmp.resolve("x.jsonl").toString()), refused), refused.toString());
        assertTrue(refused.toString().contains(tampered.resolve("tower/mn04_as.onnx").toString())
                && refused.toString().contains("expected hash " + tower.get("sha256").asText()), refused.toString());
    }

    private Map<String, float[]> embed(Path dir, Path cache, String runtime, List<String> what, List<String> extra)
            throws Exception {
        Path out = tmp.resolve("emb-" + runtime + ".jsonl");
        List<String> args = new ArrayList<>(List.of("embed", "--run", dir.toString(), "--runtime", runtime,
                "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString(), "--out", out.toString()));
        args.addAll(what);
        args.addAll(extra);
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, cli(args, log), log.toString());
        Map<String, float[]> rows = new HashMap<>();
        for (String line : Files.readAllLines(out)) {
            JsonNode n = Json.MAPPER.readTree(line);
            JsonNode e = n.get("embedding");
            float[] v = new float[e.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) e.get(i).asDouble();
            }
            rows.put(n.has("id") ? n.get("id").asText() : n.get("text").asText(), v);
        }
        return rows;
    }

    private List<String> captions(Path dir, Path cache, String runtime) throws Exception {
        Path out = tmp.resolve("cap-" + runtime + ".jsonl");
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, cli(List.of("caption", "--run", dir.toString(), "--runtime", runtime, "--dataset",
                "opensfx", "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString(), "--out",
                out.toString()), log), log.toString());
        return Files.readAllLines(out);
    }

    @Test
    void pretrainedFlickrBaselineOnAFewImages() throws Exception {
        Path root = tinyFlickr(40);
        List<String> args = new ArrayList<>(List.of("train", "--recipe", "flickr8k-paired-baseline-pretrained",
                "--run-dir", tmp.resolve("flickr").toString(), "--cache-dir", tmp.resolve("cache").toString(),
                "--data-root", root.toString(), "--engine-threads", "1"));
        for (String s : concat(TINY_HEADS, List.of("eval.zeroShot=[]"))) {
            args.add("--set");
            args.add(s);
        }
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, cli(args, log), log.toString());
        JsonNode report = Json.MAPPER.readTree(tmp.resolve("flickr/report.json").toFile());
        int heldOut = report.get("heldOut").asInt();
        assertEquals(40, heldOut + report.get("trainSamples").asInt());
        assertEquals(heldOut, report.get("retrieval").get("items").asInt());
        try (Stream<Path> dirs = Files.list(tmp.resolve("cache/features"))) {
            Path dir = dirs.findFirst().orElseThrow();
            FeatureIndex index = FeatureCache.readIndex(dir);
            assertEquals(40, index.entries().size());
            // MobileNetV2's mean-pooled vector, its 7 × 7 map pooled to 3 × 3 tokens of width 1280, then a row
            // holding the 1,000 ImageNet logits.
            assertArrayEquals(new long[] {1, 11, 1280}, FeatureCache.load(dir, index.entries().get(0)).shape());
        }
    }

    @Test
    void aMissingModelsRootFailsBeforeTraining() throws Exception {
        Path run = tmp.resolve("no-models");
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.USAGE, TinyTrain.run("audio-paired-baseline-pretrained", run, tmp.resolve("cache"),
                TINY_AUDIO, List.of("--models-root", tmp.resolve("nowhere").toString()), log), log.toString());
        assertTrue(log.toString().contains("models root " + tmp.resolve("nowhere"))
                && log.toString().contains("does not exist") && log.toString().contains("efficientat-mn04/mn04_as.onnx"),
                log.toString());
        assertFalse(Files.exists(run.resolve("metrics.jsonl")), "nothing trained");
        assertFalse(Files.exists(tmp.resolve("cache/features")), "nothing preprocessed");
    }

    @Test
    void cropsOfModalityTensorsAreRefusedWithAFrozenTower() {
        ConfigException e = assertThrows(ConfigException.class, () -> Recipes.load("esc50-list-pretrained",
                List.of("data.trainCropLastAxis=128")));
        assertTrue(e.getMessage().contains("trainCropLastAxis") && e.getMessage().contains("views"), e.getMessage());
    }

    private int cli(List<String> args, StringBuilder out) {
        CliRun r = CliRun.of(args.toArray(String[]::new));
        out.append(r.all());
        return r.status();
    }

    /** A data root with the caption rows of the first {@code images} Flickr8k images (the images linked). */
    private Path tinyFlickr(int images) throws Exception {
        Path real = DataRoot.get();
        Path root = Files.createDirectories(tmp.resolve("data/flickr8k")).getParent();
        Files.createSymbolicLink(root.resolve("flickr8k/images"), real.resolve("flickr8k/images").toAbsolutePath());
        List<String> lines = Files.readAllLines(real.resolve("flickr8k/captions.txt"));
        Set<String> seen = new LinkedHashSet<>();
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            seen.add(line.substring(0, line.indexOf(',')));
            if (seen.size() > images) {
                break;
            }
            kept.add(line);
        }
        Files.write(root.resolve("flickr8k/captions.txt"), kept);
        return root;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
