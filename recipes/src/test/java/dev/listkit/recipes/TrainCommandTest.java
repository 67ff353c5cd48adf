package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.util.Json;
import dev.listkit.recipes.cli.Listkit;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny CI configuration of {@code audio-paired-baseline}: real clips, a few training steps, the
 * full ESC-50 fold-4 zero-shot evaluation, caption scoring, the report files, and a resumed run that
 * continues from the checkpoint instead of starting again.
 */
class TrainCommandTest {
    @TempDir
    Path tmp;

    static final List<String> TINY = List.of(
            "data.train=[{\"dataset\":\"opensfx\",\"limit\":24},{\"dataset\":\"tuxpaint\",\"limit\":24},"
                    + "{\"dataset\":\"clotho\"},{\"dataset\":\"urbansound8k\",\"limit\":40,\"labelCaptions\":"
                    + "{\"key\":\"label\",\"templates\":[\"the sound of {}\"]}}]",
            "model.encoder.widths=[8,16]", "model.embedDim=32",
            "model.decoder={\"dim\":32,\"layers\":1,\"heads\":2,\"mlpRatio\":2.0,\"maxLength\":12}",
            "train.batchSize=8", "train.totalSteps=4", "train.warmupSteps=1", "train.checkpointEvery=2",
            "train.logEvery=1",
            "eval.zeroShot=[{\"dataset\":\"esc50\",\"options\":{\"folds\":\"4\"},\"templates\":[\"ms-clap\"]}]");

    private int run(Path runDir, Path cache, List<String> extra, StringBuilder out) {
        return TinyTrain.run("audio-paired-baseline", runDir, cache, TINY, extra, out);
    }

    @Test
    void tinyBaselineTrainsEvaluatesAndResumes() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(DataRoot.get().resolve("esc50")), "no data");
        }
        Path runDir = tmp.resolve("run");
        Path cache = tmp.resolve("cache");
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, run(runDir, cache, List.of(), log), log.toString());

        JsonNode report = Json.MAPPER.readTree(runDir.resolve("report.json").toFile());
        assertEquals(4, report.get("steps").asLong());
        double input = report.get("inputSeconds").asDouble();
        assertTrue(input > 0 && input < report.get("trainSeconds").asDouble(), "input time within training: " + report);
        JsonNode zs = report.get("zeroShot").get("esc50/ms-clap");
        assertEquals(400, zs.get("count").asInt());
        assertEquals(50, zs.get("classes").asInt());
        double top1 = zs.get("top1").asDouble();
        double top5 = zs.get("top5").asDouble();
        assertTrue(top1 >= 0 && top1 <= top5 && top5 <= 1, report.toString());
        assertTrue(report.get("captions").get("overall").get("count").asInt() > 0, report.toString());
        assertTrue(report.get("captions").get("bySource").has("urbansound8k"), report.toString());
        for (String f : List.of("recipe.json", "provenance.json", "vocabulary.json", "metrics.jsonl",
                "training-loss.png", "eval/zeroshot-esc50-ms-clap.json", "eval/zeroshot-esc50-ms-clap-confusion.png",
                "eval/captions-heldout.jsonl")) {
            assertTrue(Files.size(runDir.resolve(f)) > 0, f);
        }
        // The dataset directories the run read are recorded: the report copies media only from them.
        JsonNode provenance = Json.MAPPER.readTree(runDir.resolve("provenance.json").toFile());
        assertEquals(DataRoot.get().resolve("esc50").toRealPath().toString(), provenance.path("dataRoot.esc50").asText(),
                provenance.toString());
        assertTrue(provenance.has("dataRoot.opensfx") && provenance.has("dataRoot.urbansound8k"), provenance.toString());
        List<String> metrics = Files.readAllLines(runDir.resolve("metrics.jsonl"));
        assertEquals(4, metrics.size(), metrics.toString());
        assertTrue(Json.MAPPER.readTree(metrics.get(0)).get("parts").has("contrastive"));

        // Resume with a longer schedule is refused (the config is part of the checkpoint) ...
        StringBuilder refused = new StringBuilder();
        assertEquals(Listkit.FAILURE, run(runDir, cache, List.of("--resume", "--set", "train.totalSteps=6"), refused),
                refused.toString());
        assertTrue(refused.toString().contains("another train config"), refused.toString());
        assertEquals(4, Json.MAPPER.readTree(runDir.resolve("recipe.json").toFile()).get("train").get("totalSteps")
                .asInt(), "a refused resume leaves the run's recipe.json alone");
        // ... and the same config resumes at the last step and the caches are reused.
        StringBuilder again = new StringBuilder();
        assertEquals(Listkit.OK, run(runDir, cache, List.of("--resume"), again), again.toString());
        assertTrue(again.toString().contains("resumed at step 4"), again.toString());
        assertEquals(4, Files.readAllLines(runDir.resolve("metrics.jsonl")).size());

        // The trained run serves the inference commands.
        String[] common = {"--run", runDir.toString(), "--cache-dir", cache.toString(), "--data-root",
            DataRoot.get().toString()};
        StringBuilder zsLog = new StringBuilder();
        assertEquals(Listkit.OK, cli(zsLog, concat(new String[] {"eval", "zeroshot", "--dataset", "esc50",
            "--dataset-option", "folds=2", "--templates", "esc50", "--out", tmp.resolve("zs").toString()}, common)),
                zsLog.toString());
        JsonNode zsJson = Json.MAPPER.readTree(tmp.resolve("zs/zeroshot-esc50-esc50.json").toFile());
        assertEquals(11, zsJson.get("count").asInt(), "fold 2 has 11 clips here");

        Path captions = tmp.resolve("captions.jsonl");
        StringBuilder cap = new StringBuilder();
        assertEquals(Listkit.OK, cli(cap, concat(new String[] {"caption", "--dataset", "opensfx", "--strategy",
            "nucleus", "--candidates", "3", "--seed", "5", "--out", captions.toString()}, common)), cap.toString());
        List<String> lines = Files.readAllLines(captions);
        assertEquals(71, lines.size());
        assertEquals(3, Json.MAPPER.readTree(lines.get(0)).get("captions").size());

        Path emb = tmp.resolve("emb.jsonl");
        StringBuilder em = new StringBuilder();
        assertEquals(Listkit.OK, cli(em, concat(new String[] {"embed", "--text", "a dog barks", "--text", "rain",
            "--out", emb.toString()}, common)), em.toString());
        List<String> embLines = Files.readAllLines(emb);
        assertEquals(2, embLines.size());
        JsonNode v = Json.MAPPER.readTree(embLines.get(0)).get("embedding");
        double norm = 0;
        for (JsonNode x : v) {
            norm += x.asDouble() * x.asDouble();
        }
        assertEquals(32, v.size(), "embedDim of the tiny recipe");
        assertEquals(1.0, norm, 1e-4);

        StringBuilder bad = new StringBuilder();
        assertEquals(Listkit.USAGE, cli(bad, concat(new String[] {"eval", "nonsense", "--dataset", "esc50"}, common)));
        assertTrue(bad.toString().contains("zeroshot"), bad.toString());
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int cli(StringBuilder log, String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int status = new Listkit().run(args, new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8));
        log.append(o.toString(StandardCharsets.UTF_8)).append(e.toString(StandardCharsets.UTF_8));
        return status;
    }
}
