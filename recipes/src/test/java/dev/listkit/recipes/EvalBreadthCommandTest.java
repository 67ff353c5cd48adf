package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.util.Json;
import dev.listkit.recipes.cli.Listkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code listkit eval probe} and {@code listkit eval compositionality} on a tiny audio run
 * ({@link TrainCommandTest#TINY}): the probe on real ESC-50 fold-4 embeddings, split by source recording, is
 * far above chance and its shuffled-label control is not; the compositionality benchmark of real Tux Paint
 * and OpenSFX captions is written, scored and the same for the same seed.
 */
class EvalBreadthCommandTest {
    @TempDir
    static Path tmp;

    private static Path runDir;

    @BeforeAll
    static void train() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(DataRoot.get().resolve("esc50")), "no data");
        }
        runDir = tmp.resolve("run");
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, TinyTrain.run("audio-paired-baseline", runDir, tmp.resolve("cache"),
                TrainCommandTest.TINY, List.of(), log), log.toString());
    }

    private static CliRun listkit(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--run", runDir.toString(), "--cache-dir", tmp.resolve("cache").toString(),
                "--data-root", DataRoot.get().toString()));
        return CliRun.of(all.toArray(String[]::new));
    }

    /** The result part of the JSON on stdout. */
    private static JsonNode json(CliRun r) throws Exception {
        return Json.MAPPER.readTree(r.out()).get("results");
    }

    @Test
    void probeOnEsc50Fold4IsFarAboveChanceAndItsShuffledControlIsNot() throws Exception {
        Path out = tmp.resolve("probe");
        CliRun r = listkit("eval", "probe", "--dataset", "esc50", "--dataset-option", "folds=4", "--split", "0.5",
                "--group-key", "src_file", "--out", out.toString());
        assertEquals(Listkit.OK, r.status(), r.out() + r.err());
        JsonNode report = Json.MAPPER.readTree(out.resolve("probe-esc50-folds-4.json").toFile());
        assertEquals(report, json(r));
        JsonNode p = report.get("probe");
        assertEquals(400, p.get("trainItems").asInt() + p.get("testItems").asInt());
        assertEquals(50, p.get("classes").asInt());
        assertEquals(0.02, p.get("chance").asDouble(), 1e-12);
        double top1 = p.get("top1").asDouble();
        assertTrue(top1 > 5 * 0.02, "far above chance (1/50): " + p);
        assertTrue(p.get("shuffledTop1").asDouble() < 3 * 0.02, "shuffled labels near chance: " + p);
        assertEquals(9, p.get("selection").get("accuracies").size(), p.toString());
        JsonNode zs = report.get("zeroShot").get("default");
        assertEquals(p.get("testItems").asInt(), zs.get("count").asInt(), "zero-shot on the same test items");
        assertTrue(r.err().contains("probe esc50-folds-4:"), r.err());

        CliRun both = listkit("eval", "probe", "--dataset", "esc50", "--dataset-option", "folds=4", "--split", "0.5",
                "--test-dataset-option", "folds=5", "--out", out.toString());
        assertEquals(Listkit.USAGE, both.status(), both.err());
    }

    @Test
    void compositionalityOfCaptionedAudioIsWrittenScoredAndRepeatable() throws Exception {
        Path a = tmp.resolve("comp-a");
        Path b = tmp.resolve("comp-b");
        CliRun ra = listkit("eval", "compositionality", "--dataset", "tuxpaint", "--seed", "4", "--out", a.toString());
        CliRun rb = listkit("eval", "compositionality", "--dataset", "tuxpaint", "--seed", "4", "--out", b.toString());
        assertEquals(Listkit.OK, ra.status(), ra.out() + ra.err());
        assertEquals(Listkit.OK, rb.status(), rb.out() + rb.err());
        String jsonl = Files.readString(a.resolve("compositionality-tuxpaint.jsonl"));
        assertEquals(jsonl, Files.readString(b.resolve("compositionality-tuxpaint.jsonl")), "same seed, same benchmark");
        assertEquals(json(ra), json(rb));
        JsonNode r = json(ra);
        assertEquals(103, r.get("items").asInt());
        assertEquals(0.5, r.get("chance").asDouble());
        assertEquals(jsonl.lines().count(), r.get("pairs").asInt());
        assertTrue(r.get("pairs").asInt() > 50, r.toString());
        int withPairs = 0;
        for (JsonNode k : r.get("kinds")) {
            if (k.get("pairs").asInt() > 0) {
                withPairs++;
                double acc = k.get("accuracy").asDouble();
                assertTrue(acc >= 0 && acc <= 1, r.toString());
            }
        }
        assertTrue(withPairs >= 3, "one-object captions still make replace and add negatives: " + r);
        assertTrue(Files.size(a.resolve("compositionality-tuxpaint.png")) > 0);
        JsonNode first = Json.MAPPER.readTree(jsonl.lines().findFirst().orElseThrow());
        for (String f : List.of("item", "positive", "negative", "kind", "change")) {
            assertTrue(first.hasNonNull(f), f + " in " + first);
        }

        CliRun other = listkit("eval", "compositionality", "--dataset", "tuxpaint", "--seed", "5", "--out",
                tmp.resolve("comp-c").toString());
        assertEquals(Listkit.OK, other.status(), other.err());
        assertTrue(!jsonl.equals(Files.readString(tmp.resolve("comp-c/compositionality-tuxpaint.jsonl"))),
                "another seed, another benchmark");
        CliRun none = listkit("eval", "compositionality", "--dataset", "opensfx", "--offset", "1000", "--out",
                tmp.resolve("comp-d").toString());
        assertEquals(Listkit.USAGE, none.status(), none.err());
    }
}
