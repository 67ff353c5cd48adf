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
 * every finished round and engine shard; round directories that serve every command; shards recomputed
 * when their engine configuration or model changes; a refused resume and one that adds a round.
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

        // A resume with another setting is refused naming it; recipe.json is left as it was.
        StringBuilder changed = new StringBuilder();
        assertEquals(Listkit.USAGE, run(runDir, cache, List.of("--resume", "--set", "selfTraining.stepsPerRound=3"),
                changed), changed.toString());
        assertTrue(changed.toString().contains("selfTraining.stepsPerRound: 2 → 3"), changed.toString());
        assertEquals(2, Json.MAPPER.readTree(runDir.resolve("recipe.json").toFile()).get("selfTraining")
                .get("stepsPerRound").asInt());

        roundDirectoriesAreCompleteRuns(runDir, cache);
        engineShardsFollowTheirConfigurationAndModel(runDir, cache);

        // One more round extends the run: rounds 0 and 1 are reused, round 2 trains and is evaluated.
        StringBuilder more = new StringBuilder();
        assertEquals(Listkit.OK, run(runDir, cache, List.of("--resume", "--set", "selfTraining.rounds=2"), more),
                more.toString());
        assertTrue(more.toString().contains("resume extends the run: selfTraining.rounds: 1 → 2"), more.toString());
        assertTrue(more.toString().contains("list seed 5 round 1: finished earlier, reused"), more.toString());
        JsonNode results3 = Json.MAPPER.readTree(runDir.resolve("results.json").toFile());
        for (String arm : List.of("paired", "list", "oracle")) {
            assertEquals(results.get("arms").get(arm).get("1"), results3.get("arms").get(arm).get("1"), arm);
            assertTrue(results3.get("arms").get(arm).has("2"), arm + ": " + results3);
        }
        assertTrue(Files.exists(runDir.resolve("arms/list/seed-5/round-2/engine/manifest.jsonl")));
    }

    /**
     * Every round directory is a complete training run: recipe.json, vocabulary.json, provenance.json and
     * checkpoints, usable by eval, caption, embed, export and report (the shared list round 0 included).
     */
    private void roundDirectoriesAreCompleteRuns(Path runDir, Path cache) throws Exception {
        for (String round : List.of("paired/seed-5/round-1", "list/seed-5/round-0", "list/seed-5/round-1",
                "oracle/seed-5/round-0")) {
            Path dir = runDir.resolve("arms").resolve(round);
            for (String f : List.of("recipe.json", "vocabulary.json", "provenance.json", "checkpoints/latest",
                    "report.json")) {
                assertTrue(Files.isRegularFile(dir.resolve(f)), round + ": " + f);
            }
            JsonNode prov = Json.MAPPER.readTree(dir.resolve("provenance.json").toFile());
            assertEquals(round.split("/")[0], prov.get("arm").asText());
            assertEquals("5", prov.get("seed").asText());
            assertEquals(round.substring(round.length() - 1), prov.get("round").asText());
        }
        assertTrue(Json.MAPPER.readTree(runDir.resolve("arms/list/seed-5/round-0/provenance.json").toFile())
                .get("sharedFrom").asText().endsWith("round-0"));
        String[] data = {"--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString()};
        for (String round : List.of("list/seed-5/round-0", "list/seed-5/round-1")) {
            Path dir = runDir.resolve("arms").resolve(round);
            Path out = tmp.resolve("uses").resolve(round.replace('/', '-'));
            String[] model = {"--run", dir.toString()};
            StringBuilder log = new StringBuilder();
            assertEquals(Listkit.OK, cli(log, concat(concat(new String[] {"eval", "zeroshot", "--dataset", "esc50",
                "--dataset-option", "folds=2", "--templates", "esc50", "--out", out.resolve("zs").toString()}, model),
                    data)), round + ": " + log);
            assertEquals(11, Json.MAPPER.readTree(out.resolve("zs/zeroshot-esc50-folds-2-esc50.json").toFile()).get("count")
                    .asInt(), log.toString());
            assertEquals(Listkit.OK, cli(log, concat(concat(new String[] {"caption", "--dataset", "tuxpaint",
                "--out", out.resolve("captions.jsonl").toString()}, model), data)), round + ": " + log);
            assertTrue(Files.readAllLines(out.resolve("captions.jsonl")).size() > 0, log.toString());
            assertEquals(Listkit.OK, cli(log, concat(concat(new String[] {"embed", "--text", "a dog barks",
                "--out", out.resolve("emb.jsonl").toString()}, model), data)), round + ": " + log);
            assertEquals(32, Json.MAPPER.readTree(Files.readAllLines(out.resolve("emb.jsonl")).get(0))
                    .get("embedding").size());
            assertEquals(Listkit.OK, cli(log, "export", "--run", dir.toString(), "--out", out.resolve("onnx").toString(),
                    "--cache-dir", cache.toString()), round + ": " + log);
            assertTrue(Files.isRegularFile(out.resolve("onnx/model.json")), log.toString());
            assertEquals(Listkit.OK, cli(log, "report", dir.toString(), "--out", out.resolve("report").toString(),
                    "--data-root", DataRoot.get().toString()), round + ": " + log);
            String index = Files.readString(out.resolve("report/index.html"));
            assertTrue(!index.contains("recipe.json: missing") && !index.contains("provenance.json: missing"),
                    round + ": the report finds the round's recipe and provenance");
        }
    }

    /**
     * {@code listkit engine} over the run's pool with round 1's model and recipe reuses every shard the loop
     * wrote; a changed filter setting or another model checkpoint recomputes every shard instead.
     */
    private void engineShardsFollowTheirConfigurationAndModel(Path runDir, Path cache) throws Exception {
        Path loop = runDir.resolve("arms/list/seed-5/round-1/engine");
        String filters = "selfTraining.engine.filters=" + Json.write(Json.MAPPER.readTree(
                runDir.resolve("recipe.json").toFile()).get("selfTraining").get("engine").get("filters"))
                .replace("\"topFraction\":0.6", "\"topFraction\":0.5");
        assertTrue(filters.contains("0.5"), filters);
        int shards;
        try (var s = Files.list(loop.resolve("shards"))) {
            shards = (int) s.count();
        }
        for (var c : List.of(List.of("same", "round-0", ""), List.of("filter", "round-0", filters),
                List.of("model", "round-1", ""))) {
            Path out = tmp.resolve("engine-" + c.get(0));
            copyTree(loop, out);
            StringBuilder log = new StringBuilder();
            List<String> args = new java.util.ArrayList<>(List.of("engine", "--pool",
                    runDir.resolve("arms/list/seed-5/pool.jsonl").toString(), "--model",
                    runDir.resolve("arms/list/seed-5").resolve(c.get(1)).toString(), "--recipe",
                    runDir.resolve("recipe.json").toString(), "--seed", "5", "--round", "1", "--out", out.toString(),
                    "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString()));
            if (!c.get(2).isEmpty()) {
                args.addAll(List.of("--set", c.get(2)));
            }
            assertEquals(Listkit.OK, cli(log, args.toArray(String[]::new)), log.toString());
            JsonNode summary = Json.MAPPER.readTree(out.resolve("summary.json").toFile());
            int computed = summary.get("shardsComputed").asInt();
            assertEquals(c.get(0).equals("same") ? 0 : shards, computed, c.get(0) + ": " + log);
            if (c.get(0).equals("same")) {
                assertEquals(Files.readAllLines(loop.resolve("manifest.jsonl")),
                        Files.readAllLines(out.resolve("manifest.jsonl")), "reused shards give the loop's manifest");
            } else {
                assertTrue(log.toString().contains(c.get(0).equals("model") ? "written with another model"
                        : "written by another engine configuration"), log.toString());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws java.io.IOException {
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

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static int cli(StringBuilder log, String... args) {
        CliRun r = CliRun.of(args);
        log.append(r.all());
        return r.status();
    }
}
