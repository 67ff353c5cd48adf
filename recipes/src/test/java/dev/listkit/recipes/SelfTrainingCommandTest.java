package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.util.Json;
import dev.listkit.recipes.cli.Listkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny CI configuration of {@code esc50-list}: real clips, all three arms, one self-training round
 * with the recipe's refiner and filter chain, the manifest and results files, and a rerun that reuses
 * every finished round and engine shard.
 */
class SelfTrainingCommandTest {
    @TempDir
    Path tmp;

    private static final String LABELS = "\"labelCaptions\":{\"key\":\"label\",\"templates\":[\"the sound of {}\"]}";
    private static final List<String> TINY = List.of(
            "data.train=[{\"dataset\":\"opensfx\",\"limit\":16},{\"dataset\":\"tuxpaint\",\"limit\":16}]",
            "data.pool=[{\"dataset\":\"esc50\",\"options\":{\"folds\":\"4\"},\"limit\":24,\"part\":{\"groupKey\":"
                    + "\"src_file\",\"fraction\":0.5,\"seed\":2024,\"take\":\"first\"}," + LABELS + "},"
                    + "{\"dataset\":\"urbansound8k\",\"limit\":20," + LABELS + "}]",
            "model.encoder.widths=[8,16]", "model.embedDim=32",
            "model.decoder={\"dim\":32,\"layers\":1,\"heads\":2,\"mlpRatio\":2.0,\"maxLength\":12}",
            "train.batchSize=8", "train.totalSteps=3", "train.warmupSteps=1", "train.checkpointEvery=2",
            "train.logEvery=1", "selfTraining.seeds=[5]", "selfTraining.rounds=1", "selfTraining.stepsPerRound=2",
            "selfTraining.warmupStepsPerRound=1", "selfTraining.engine.shardSize=8",
            "selfTraining.engine.captioner.candidates=2", "selfTraining.engine.captioner.maxTokens=8",
            "eval.zeroShot=[{\"dataset\":\"esc50\",\"options\":{\"folds\":\"4\"},\"part\":{\"groupKey\":\"src_file\","
                    + "\"fraction\":0.5,\"seed\":2024,\"take\":\"rest\"},\"templates\":[\"ms-clap\"]}]");

    private int run(Path runDir, Path cache, List<String> extra, StringBuilder out) {
        return TinyTrain.run("esc50-list", runDir, cache, TINY, extra, out);
    }

    @Test
    void threeArmsRunOneRoundAndARerunReusesEverything() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(DataRoot.get().resolve("esc50")), "no data");
        }
        Path runDir = tmp.resolve("run");
        Path cache = tmp.resolve("cache");
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, run(runDir, cache, List.of(), log), log.toString());

        JsonNode results = Json.MAPPER.readTree(runDir.resolve("results.json").toFile());
        for (String arm : List.of("paired", "list", "oracle")) {
            for (String round : List.of("0", "1")) {
                JsonNode stats = results.get("arms").get(arm).get(round);
                assertTrue(stats != null && stats.has("zeroshot/esc50/ms-clap/top1"), arm + " " + round + ": " + results);
                double top1 = stats.get("zeroshot/esc50/ms-clap/top1").get("mean").asDouble();
                assertTrue(top1 >= 0 && top1 <= 1, results.toString());
            }
        }
        // esc50-list scores the compositionality benchmark of the held-out captions every round (eval.compositionality).
        for (String arm : List.of("paired", "list", "oracle")) {
            for (String round : List.of("0", "1")) {
                Path comp = runDir.resolve("arms/" + arm + "/seed-5/round-" + round + "/eval/compositionality-heldout.json");
                JsonNode c = Json.MAPPER.readTree(comp.toFile());
                assertEquals(5, c.get("seed").asLong(), "seeded by the experiment seed");
                assertEquals(c.get("mean").isNumber(), results.get("arms").get(arm).get(round)
                        .has("compositionality/mean"), arm + " " + round + ": " + c);
            }
        }
        assertEquals(Files.readString(runDir.resolve("arms/paired/seed-5/round-1/eval/compositionality-heldout.jsonl")),
                Files.readString(runDir.resolve("arms/oracle/seed-5/round-1/eval/compositionality-heldout.jsonl")),
                "every arm and round of a seed answers the same pairs");
        assertTrue(Files.exists(runDir.resolve("arms/list/seed-5/round-0/shared-from.txt")), "list reuses round 0");
        assertTrue(Files.exists(runDir.resolve("arms/list/seed-5/round-0/eval/zeroshot-esc50-ms-clap.json")),
                "the shared round 0 carries its evaluation files for reports");
        JsonNode r0paired = results.get("arms").get("paired").get("0");
        JsonNode r0list = results.get("arms").get("list").get("0");
        assertEquals(r0paired.get("zeroshot/esc50/ms-clap/top1"), r0list.get("zeroshot/esc50/ms-clap/top1"));

        // The engine saw every unpaired sample exactly once: 75 % of the 44 pool samples, labels hidden.
        Path engine = runDir.resolve("arms/list/seed-5/round-1/engine");
        List<String> lines = Files.readAllLines(engine.resolve("manifest.jsonl")).stream()
                .filter(l -> !l.isBlank()).toList();
        Set<String> ids = new HashSet<>();
        int accepted = 0;
        for (String l : lines) {
            ManifestRecord m = Json.MAPPER.readValue(l, ManifestRecord.class);
            assertTrue(ids.add(m.id()), "duplicate " + m.id());
            assertEquals(2, m.candidates().size(), l);
            assertTrue(m.status().equals("accepted") || m.reason() != null, l);
            accepted += m.accepted() ? 1 : 0;
        }
        int unpaired = 44 - (int) Math.round(0.25 * 44);
        assertTrue(Math.abs(lines.size() - unpaired) <= 4, lines.size() + " vs about " + unpaired
                + " (the split rounds per label stratum)");
        JsonNode summary = Json.MAPPER.readTree(engine.resolve("summary.json").toFile());
        assertEquals(accepted, summary.get("accepted").asInt());
        assertEquals(lines.size(), summary.get("pool").asInt());
        JsonNode report = Json.MAPPER.readTree(runDir.resolve("arms/list/seed-5/round-1/report.json").toFile());
        assertEquals(accepted, report.get("syntheticPairs").asInt());
        for (String f : List.of("results.md", "provenance.json", "recipe.json", "results-zeroshot-esc50-ms-clap-top1.png",
                "arms/oracle/seed-5/round-1/metrics.jsonl", "arms/paired/seed-5/round-1/eval/zeroshot-esc50-ms-clap.json")) {
            assertTrue(Files.size(runDir.resolve(f)) > 0, f);
        }

        // Without --resume an existing run is not overwritten; with it, every round and shard is reused.
        StringBuilder refused = new StringBuilder();
        assertEquals(Listkit.USAGE, run(runDir, cache, List.of(), refused), refused.toString());
        assertTrue(refused.toString().contains("--resume"), refused.toString());
        StringBuilder again = new StringBuilder();
        assertEquals(Listkit.OK, run(runDir, cache, List.of("--resume"), again), again.toString());
        assertTrue(again.toString().contains("list seed 5 round 1: finished earlier, reused"), again.toString());
        assertTrue(again.toString().contains("0 shards computed"), again.toString());
        JsonNode results2 = Json.MAPPER.readTree(runDir.resolve("results.json").toFile());
        assertEquals(results.get("arms"), results2.get("arms"));
    }
}
