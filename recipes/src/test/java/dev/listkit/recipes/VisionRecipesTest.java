package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.config.Recipe;
import dev.listkit.core.data.Dataset;
import dev.listkit.core.data.DatasetRegistry;
import dev.listkit.core.data.FloatTensor;
import dev.listkit.core.data.PairedSample;
import dev.listkit.core.data.SampleRef;
import dev.listkit.core.features.SampleSets;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.util.Json;
import dev.listkit.recipes.cli.Listkit;
import dev.listkit.recipes.cli.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny CI configurations of {@code flickr8k-paired-baseline} and {@code cifar10-zeroshot}: real
 * Flickr8k images, a few training steps, the full CIFAR-10 zero-shot evaluation, held-out retrieval and
 * caption scoring; and the held-out split of the real Flickr8k, which must keep every caption of a
 * held-out image out of training.
 */
class VisionRecipesTest {
    @TempDir
    Path tmp;

    private static final List<String> TINY = List.of(
            "model.encoder.widths=[8,16]", "model.embedDim=32",
            "model.decoder={\"dim\":32,\"layers\":1,\"heads\":2,\"mlpRatio\":2.0,\"maxLength\":12}",
            "train.batchSize=8", "train.totalSteps=3", "train.warmupSteps=1", "train.checkpointEvery=0",
            "train.logEvery=1");

    private Path tinyRoot;

    /**
     * A data root with the first {@code images} Flickr8k images' caption rows (images and CIFAR-10 linked
     * from the real data root), so that the tiny runs preprocess only what they use.
     */
    @BeforeEach
    void tinyDataRoot() throws Exception {
        Path real = DataRoot.get();
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(real.resolve("flickr8k"))
                    && Files.isDirectory(real.resolve("cifar10")), "no data");
        }
        tinyRoot = Files.createDirectories(tmp.resolve("data"));
        Files.createDirectories(tinyRoot.resolve("flickr8k"));
        Files.createSymbolicLink(tinyRoot.resolve("flickr8k/images"),
                real.resolve("flickr8k/images").toAbsolutePath());
        Files.createSymbolicLink(tinyRoot.resolve("cifar10"), real.resolve("cifar10").toAbsolutePath());
        List<String> lines = Files.readAllLines(real.resolve("flickr8k/captions.txt"));
        Set<String> images = new java.util.LinkedHashSet<>();
        List<String> kept = new ArrayList<>(List.of(lines.get(0)));
        for (String line : lines.subList(1, lines.size())) {
            images.add(line.substring(0, line.indexOf(',')));
            if (images.size() > TINY_IMAGES) {
                break;
            }
            kept.add(line);
        }
        Files.write(tinyRoot.resolve("flickr8k/captions.txt"), kept);
    }

    private static final int TINY_IMAGES = 70;

    private JsonNode train(String recipe, Path runDir, List<String> extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("train", "--recipe", recipe, "--run-dir", runDir.toString(),
                "--cache-dir", tmp.resolve("cache").toString(), "--data-root", tinyRoot.toString(),
                "--engine-threads", "1"));
        for (String s : concat(TINY, extra)) {
            args.add("--set");
            args.add(s);
        }
        CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(Listkit.OK, r.status(), r.all());
        return Json.MAPPER.readTree(runDir.resolve("report.json").toFile());
    }

    @Test
    void tinyFlickr8kBaselineEvaluatesRetrievalCaptionsAndZeroShot() throws Exception {
        Path runDir = tmp.resolve("flickr");
        JsonNode report = train("flickr8k-paired-baseline", runDir, List.of("eval.compositionality=true"));
        assertEquals(3, report.get("steps").asInt());
        int heldOut = report.get("heldOut").asInt();
        assertEquals(TINY_IMAGES, heldOut + report.get("trainSamples").asInt());
        assertTrue(heldOut > 0, report.toString());

        JsonNode retrieval = report.get("retrieval");
        assertEquals(heldOut, retrieval.get("items").asInt());
        Recipe recipe = Recipes.load("flickr8k-paired-baseline", List.of());
        SampleSets.Split split = split(recipe, TINY_IMAGES);
        assertEquals(split.heldOut().stream().mapToInt(s -> s.captions().size()).sum(), retrieval.get("texts").asInt(),
                "every (distinct) caption of a held-out image is a query");
        for (String dir : List.of("itemToText", "textToItem")) {
            JsonNode d = retrieval.get(dir);
            double r1 = d.get("r1").asDouble();
            double r5 = d.get("r5").asDouble();
            double r10 = d.get("r10").asDouble();
            assertTrue(0 <= r1 && r1 <= r5 && r5 <= r10 && r10 <= 1, d.toString());
        }
        assertEquals(heldOut, report.get("captions").get("overall").get("count").asInt());

        JsonNode zs = report.get("zeroShot").get("cifar10/clip-cifar10");
        assertEquals(2000, zs.get("count").asInt());
        assertEquals(10, zs.get("classes").asInt());
        assertTrue(zs.get("top1").asDouble() <= zs.get("top5").asDouble(), zs.toString());

        for (String f : List.of("eval/retrieval-heldout.json", "eval/captions-heldout.jsonl",
                "eval/zeroshot-cifar10-clip-cifar10.json", "eval/zeroshot-cifar10-clip-cifar10-confusion.png")) {
            assertTrue(Files.size(runDir.resolve(f)) > 0, f);
        }
        // The compositionality benchmark of the held-out images' captions, seeded by the run's seed.
        JsonNode comp = report.get("compositionality");
        assertEquals(heldOut, comp.get("items").asInt());
        assertEquals(recipe.train().seed(), comp.get("seed").asLong());
        assertEquals(Files.readAllLines(runDir.resolve("eval/compositionality-heldout.jsonl")).size(),
                comp.get("pairs").asInt());
        assertTrue(comp.get("pairs").asInt() > 0 && comp.get("mean").asDouble() >= 0
                && comp.get("mean").asDouble() <= 1, comp.toString());
        assertTrue(Files.size(runDir.resolve("eval/compositionality-heldout.png")) > 0);
        // The captioned held-out images are exactly those the split holds out.
        Set<String> scored = new HashSet<>();
        for (String line : Files.readAllLines(runDir.resolve("eval/captions-heldout.jsonl"))) {
            scored.add(Json.MAPPER.readTree(line).get("id").asText());
        }
        assertEquals(ids(split.heldOut()), scored);
    }

    @Test
    void tinyCifar10ZeroShotRecipe() throws Exception {
        Path runDir = tmp.resolve("cifar");
        JsonNode report = train("cifar10-zeroshot", runDir, List.of());
        assertEquals(TINY_IMAGES, report.get("trainSamples").asInt(), "nothing held out: CIFAR-10 is the evaluation");
        JsonNode zs = report.get("zeroShot").get("cifar10/clip-cifar10");
        assertEquals(2000, zs.get("count").asInt());
        assertTrue(report.get("retrieval").isNull() && report.get("captions").isNull(), report.toString());

        // listkit eval on the picture run: the modality's own prompts by default (never the sound prompts), result
        // JSON alone on stdout, files named by dataset, the training-time result left as it was.
        Path trainTime = runDir.resolve("eval/zeroshot-cifar10-clip-cifar10.json");
        byte[] before = Files.readAllBytes(trainTime);
        String[] common = {"eval", "zeroshot", "--run", runDir.toString(), "--dataset", "cifar10", "--cache-dir",
            tmp.resolve("cache").toString(), "--data-root", tinyRoot.toString()};
        CliRun first = CliRun.of(common);
        assertEquals(Listkit.OK, first.status(), first.all());
        JsonNode result = Json.MAPPER.readTree(first.out());
        List<String> prompts = new ArrayList<>();
        result.get("templates").get("default").forEach(t -> prompts.add(t.asText()));
        assertTrue(prompts.contains("a photo of a {}."), prompts.toString());
        assertTrue(prompts.stream().noneMatch(t -> t.contains("sound")), prompts.toString());
        assertEquals(2000, result.get("results").get("cifar10/default").get("count").asInt(), first.out());
        assertTrue(Files.size(runDir.resolve("eval/zeroshot-cifar10-default.json")) > 0);

        // Your own templates (CLIP_benchmark's JSON format, {c}) and class names (label -> name); the same name
        // twice gets a new file instead of replacing the first.
        Path templates = Files.writeString(tmp.resolve("mine.json"), "{\"cifar10\": [\"a blurry photo of a {c}.\"]}");
        Path names = Files.writeString(tmp.resolve("names.json"), "{\"airplane\": \"aeroplane\", \"automobile\": "
                + "\"car\", \"bird\": \"bird\", \"cat\": \"cat\", \"deer\": \"deer\", \"dog\": \"dog\", \"frog\": "
                + "\"frog\", \"horse\": \"horse\", \"ship\": \"ship\", \"truck\": \"truck\"}");
        for (String expected : List.of("eval/zeroshot-cifar10-mine.json", "eval/zeroshot-cifar10-2-mine.json")) {
            CliRun own = CliRun.of(concat(List.of(common), List.of("--templates-file", templates.toString(),
                    "--classnames-file", names.toString())).toArray(String[]::new));
            assertEquals(Listkit.OK, own.status(), own.all());
            assertEquals("[\"a blurry photo of a {}.\"]", Json.MAPPER.readTree(own.out()).get("templates").get("mine")
                    .toString());
            String file = Files.readString(runDir.resolve(expected));
            assertTrue(file.contains("aeroplane") && !file.contains("airplane"), "class names from the file");
        }
        assertArrayEquals(before, Files.readAllBytes(trainTime), "eval never replaces a training-time result");

        CliRun wrongCount = CliRun.of(concat(List.of(common), List.of("--classnames-file",
                Files.writeString(tmp.resolve("three.txt"), "a\nb\nc\n").toString())).toArray(String[]::new));
        assertEquals(Listkit.USAGE, wrongCount.status(), wrongCount.all());
        assertTrue(wrongCount.err().contains("3 class names for 10 classes"), wrongCount.err());
    }

    @Test
    void noCaptionOfAHeldOutFlickr8kImageReachesTraining() throws Exception {
        Recipe recipe = Recipes.load("flickr8k-paired-baseline", List.of());
        SampleSets.Split split = split(recipe, 0);
        int all = split.train().size() + split.heldOut().size();
        assertEquals(7052, all);
        double fraction = split.heldOut().size() / (double) all;
        assertEquals(recipe.data().captionHoldout(), fraction, 0.02);

        Set<String> trainIds = ids(split.train());
        Set<String> heldIds = ids(split.heldOut());
        assertTrue(Collections.disjoint(trainIds, heldIds));
        // Each image is one sample with all 5 of its captions, so a held-out image has no caption in training.
        Set<String> trainPairs = new HashSet<>();
        split.train().forEach(s -> s.captions().forEach(c -> trainPairs.add(s.id() + "|" + c)));
        for (PairedSample s : split.heldOut()) {
            assertTrue(s.captions().size() >= 4, s.id() + " keeps its captions (5, less exact duplicates)");
            for (String c : s.captions()) {
                assertFalse(trainPairs.contains(s.id() + "|" + c), s.id());
            }
        }
        // The same image never appears under two ids (file names are the ids).
        Dataset ds = DatasetRegistry.provider("flickr8k").load(DataRoot.get().resolve("flickr8k"),
                java.util.Map.of());
        assertEquals(ds.samples().size(), ds.samples().stream().map(SampleRef::media).distinct().count());
        // Deterministic and independent of limits: a prefix holds out the same ids.
        assertEquals(heldIds, ids(split(recipe, 0).heldOut()));
        Set<String> prefix = ids(split(recipe, 500).heldOut());
        assertTrue(heldIds.containsAll(prefix) && !prefix.isEmpty());
    }

    /** The recipe's split of Flickr8k (features are placeholders: the split reads only ids and captions). */
    private static SampleSets.Split split(Recipe recipe, int limit) throws Exception {
        Recipe.Source src = recipe.data().train().get(0);
        Recipe.Source limited = new Recipe.Source(src.dataset(), src.directory(), src.options(), src.labelCaptions(),
                limit, src.part());
        Dataset ds = DatasetRegistry.provider("flickr8k").load(DataRoot.get().resolve("flickr8k"), src.options());
        List<FloatTensor> features = Collections.nCopies(ds.samples().size(),
                new FloatTensor(new float[1], new long[] {1}));
        SampleSets.Loaded loaded = new SampleSets.Loaded(ds, ds.samples(), features, List.of());
        return SampleSets.split(limited, loaded, recipe.data().maxCaptionsPerSample(), recipe.train().seed(),
                recipe.data().captionHoldout());
    }

    private static Set<String> ids(List<PairedSample> samples) {
        return samples.stream().map(PairedSample::id).collect(Collectors.toSet());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
