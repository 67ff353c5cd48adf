package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.engine.ManifestRecord;
import dev.listkit.core.engine.PoolEntry;
import dev.listkit.core.util.Json;
import dev.listkit.recipes.cli.Listkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code esc50-list-pretrained} in a tiny configuration on real clips and the real mn04 tower (run in CI): the
 * novel-class split, a separate captioner, the paired arm's model as the scorer, tag captions with alternatives,
 * re-captioned paired samples ({@code recaptionPaired}), pseudo-label precision and the per-seed comparison.
 */
class ListPretrainedRecipeTest {
    @TempDir
    Path tmp;

    private static final String LABELS = "\"labelCaptions\":{\"key\":\"label\",\"templates\":[\"the sound of {}\"]}";
    static final List<String> TINY = List.of(
            "data.pool=[{\"dataset\":\"esc50\",\"options\":{\"folds\":\"4\"},\"limit\":24,\"part\":{\"groupKey\":"
                    + "\"src_file\",\"fraction\":0.5,\"seed\":2024,\"take\":\"first\"}," + LABELS + "},"
                    + "{\"dataset\":\"urbansound8k\",\"limit\":20," + LABELS + "}]",
            "model.embedDim=32", "model.decoder={\"dim\":32,\"layers\":1,\"heads\":2,\"mlpRatio\":2.0,\"maxLength\":12}",
            "train.batchSize=8", "train.totalSteps=3", "train.warmupSteps=1", "train.checkpointEvery=0",
            "train.logEvery=1", "selfTraining.seeds=[3]", "selfTraining.rounds=1", "selfTraining.stepsPerRound=2",
            "selfTraining.warmupStepsPerRound=1", "selfTraining.engine.shardSize=16",
            "selfTraining.engine.captioner.candidates=2", "selfTraining.engine.captioner.maxTokens=8",
            // The 14 ESC-50 clips outside fold 4: a small zero-shot set the tiny pool does not hold.
            "eval.zeroShot=[{\"dataset\":\"esc50\",\"options\":{\"folds\":\"2,3,5\"},\"templates\":[\"ms-clap\"]}]");

    @Test
    void novelClassesTagCaptionsSeparateCaptionerAndRecaptionedPairs() throws Exception {
        Path run = tmp.resolve("run");
        StringBuilder log = new StringBuilder();
        List<String> extra = new java.util.ArrayList<>(TINY);
        extra.add("selfTraining.engine.recaptionPaired=true");
        assertEquals(Listkit.OK, TinyTrain.run("esc50-list-pretrained", run, tmp.resolve("cache"), extra, List.of(),
                log), log.toString());
        String out = log.toString();
        assertTrue(out.contains("seed 3: ") && out.contains("have no paired example (data.novelFraction 0.5)"), out);

        // The separate captioner of round 0 (caption loss only) captioned; the alignment models trained no decoder.
        Path list = run.resolve("arms/list/seed-3");
        assertTrue(Files.exists(list.resolve("round-0/captioner/checkpoints/latest")), "captioner of round 0");
        assertTrue(Files.exists(list.resolve("round-0/captioner/captioner-done.txt")));
        String metrics = Files.readString(run.resolve("arms/paired/seed-3/round-0/metrics.jsonl"));
        assertTrue(metrics.contains("\"contrastive\"") && !metrics.contains("\"caption\""), metrics);

        // The engine saw the unpaired pool and, re-captioning, the paired samples too; tagged samples got tag captions.
        Set<String> unpaired = new TreeSet<>();
        for (String l : Files.readAllLines(list.resolve("pool.jsonl"))) {
            if (!l.isBlank()) {
                unpaired.add(Json.MAPPER.readValue(l, PoolEntry.class).id());
            }
        }
        List<ManifestRecord> manifest = ManifestRecord.read(list.resolve("round-1/engine/manifest.jsonl"));
        Set<String> seen = new TreeSet<>();
        manifest.forEach(m -> seen.add(m.id()));
        assertTrue(seen.containsAll(unpaired), "every unpaired sample");
        assertTrue(seen.size() > unpaired.size(), "and the re-captioned paired samples: " + seen.size() + " vs "
                + unpaired.size());
        long tagCaptions = manifest.stream().filter(m -> m.accepted() && m.caption().startsWith("the sound of ")
                && m.scores().containsKey("tagger")).count();
        assertTrue(tagCaptions > 0, "tag captions: " + manifest);
        assertTrue(manifest.stream().anyMatch(m -> !m.alternatives().isEmpty()), "a second tag as an alternative");

        // Pseudo-label precision every round, in the round's metrics, its own file and results.md.
        JsonNode precision = Json.MAPPER.readTree(list.resolve("round-1/engine/label-precision.json").toFile());
        assertTrue(precision.has("engine/accepted") && precision.has("engine/precision/accepted")
                && precision.has("engine/nearestLabel/accepted"), precision.toString());
        assertEquals((double) unpaired.size(), precision.get("engine/accepted").asDouble()
                + precision.get("engine/rejected").asDouble(), "precision counts only the unpaired samples");
        JsonNode report = Json.MAPPER.readTree(list.resolve("round-1/report.json").toFile());
        assertTrue(report.get("metrics").has("engine/precision/accepted"), report.toString());
        String md = Files.readString(run.resolve("results.md"));
        assertTrue(md.contains("**engine/precision/accepted**") && md.contains("LIST − paired: mean"), md);
        JsonNode results = Json.MAPPER.readTree(run.resolve("results.json").toFile());
        assertFalse(results.get("comparisons").isEmpty(), results.toString());
    }
}
