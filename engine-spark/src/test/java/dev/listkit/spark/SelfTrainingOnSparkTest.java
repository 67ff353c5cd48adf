package dev.listkit.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One road for a round: {@code listkit train --recipe esc50-list} (tiny configuration, the list arm, one
 * self-training round) with {@code --runner spark} runs its data engine on Spark (embedded local mode) and
 * gives the same round manifest, byte for byte, and the same round-1 metrics as the local runner.
 */
class SelfTrainingOnSparkTest {
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
            "train.logEvery=1", "selfTraining.arms=[\"list\"]", "selfTraining.seeds=[5]", "selfTraining.rounds=1",
            "selfTraining.stepsPerRound=2", "selfTraining.warmupStepsPerRound=1", "selfTraining.engine.shardSize=8",
            "selfTraining.engine.captioner.candidates=2", "selfTraining.engine.captioner.maxTokens=8",
            "eval.zeroShot=[{\"dataset\":\"esc50\",\"options\":{\"folds\":\"4\"},\"part\":{\"groupKey\":\"src_file\","
                    + "\"fraction\":0.5,\"seed\":2024,\"take\":\"rest\"},\"templates\":[\"ms-clap\"]}]");

    private static int train(Path runDir, Path cache, String runner, StringBuilder out) {
        List<String> args = new ArrayList<>(List.of("train", "--recipe", "esc50-list", "--run-dir", runDir.toString(),
                "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString(), "--engine-threads", "1",
                "--runner", runner));
        for (String s : TINY) {
            args.add("--set");
            args.add(s);
        }
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        int status;
        try (StderrCapture log = new StderrCapture()) { // the log lines (slf4j-simple writes to System.err)
            status = new Listkit().run(args.toArray(String[]::new), new PrintStream(o, true, StandardCharsets.UTF_8),
                    new PrintStream(o, true, StandardCharsets.UTF_8));
            out.append(o.toString(StandardCharsets.UTF_8)).append(log.text());
        }
        return status;
    }

    @Test
    void aSelfTrainingRunOnSparkGivesTheLocalManifests() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(DataRoot.get().resolve("esc50")), "no data");
        }
        Path cache = tmp.resolve("cache");
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, train(tmp.resolve("local"), cache, "local", log), log.toString());
        assertEquals(Listkit.OK, train(tmp.resolve("spark"), cache, "spark", log), log.toString());
        assertTrue(log.toString().contains("spark: master local"), "the second run's engine ran on Spark: " + log);

        Path round = Path.of("arms", "list", "seed-5", "round-1");
        List<String> local = Files.readAllLines(tmp.resolve("local").resolve(round).resolve("engine/manifest.jsonl"));
        List<String> spark = Files.readAllLines(tmp.resolve("spark").resolve(round).resolve("engine/manifest.jsonl"));
        assertTrue(local.size() > 10, "a manifest line per pool sample: " + local.size());
        assertEquals(local, spark, "the round manifest does not depend on the runner");

        JsonNode a = Json.MAPPER.readTree(tmp.resolve("local").resolve(round).resolve("report.json").toFile());
        JsonNode b = Json.MAPPER.readTree(tmp.resolve("spark").resolve(round).resolve("report.json").toFile());
        assertEquals(a.get("syntheticPairs"), b.get("syntheticPairs"));
        assertEquals(a.get("metrics"), b.get("metrics"), "same synthetic pairs, same training, same metrics");
    }
}
