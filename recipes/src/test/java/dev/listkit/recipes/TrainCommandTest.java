package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.io.DirectoryLock;
import dev.listkit.core.train.LearningRateSchedule;
import dev.listkit.core.util.Json;
import dev.listkit.recipes.cli.Listkit;
import dev.listkit.recipes.cli.Recipes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tiny CI configuration of {@code audio-paired-baseline}: real clips, a few training steps, the
 * full ESC-50 fold-4 zero-shot evaluation, caption scoring, the report files; one writer per run directory;
 * a resumed run that continues from the checkpoint instead of starting again, refuses a changed recipe naming
 * the field, and extends a run to more steps; a stale lock and {@code --overwrite}.
 */
class TrainCommandTest {
    @TempDir
    Path tmp;

    /** Feature and text caches shared by the tests of this class. */
    @TempDir
    static Path caches;

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
        Path cache = caches.resolve("cache");
        StringBuilder log = new StringBuilder();
        CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> run(runDir, cache, List.of(), log));
        // While it trains, a second writer of the run directory (train, or engine into a folder inside it) is
        // refused with exit 2 naming the holder; a report (which writes report/ only) may run.
        Path lock = runDir.resolve(DirectoryLock.FILE);
        while (!Files.exists(lock) && !first.isDone()) {
            Thread.sleep(20);
        }
        StringBuilder second = new StringBuilder();
        assertEquals(Listkit.USAGE, run(runDir, cache, List.of("--force-unlock"), second), second.toString());
        assertTrue(second.toString().contains("is in use by listkit train (pid " + ProcessHandle.current().pid()),
                second.toString());
        StringBuilder engine = new StringBuilder();
        assertEquals(Listkit.USAGE, cli(engine, "engine", "--pool", tmp.resolve("pool.jsonl").toString(), "--model",
                runDir.toString(), "--recipe", "esc50-list", "--seed", "1", "--out", runDir.resolve("engine").toString()),
                engine.toString());
        assertTrue(engine.toString().contains("in use by listkit train"), engine.toString());
        assertEquals(Listkit.OK, first.get(), log.toString());
        assertFalse(Files.exists(lock), "released at the end");

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

        // Another run into the same directory is refused (exit 2) unless it resumes or overwrites.
        StringBuilder refused = new StringBuilder();
        assertEquals(Listkit.USAGE, run(runDir, cache, List.of(), refused), refused.toString());
        assertTrue(refused.toString().contains("already holds a run") && refused.toString().contains("--overwrite"),
                refused.toString());
        assertEquals(Listkit.USAGE, run(runDir, cache, List.of("--resume", "--overwrite"), refused));
        // A resume with another recipe is refused naming the field; recipe.json is left alone.
        StringBuilder lr = new StringBuilder();
        assertEquals(Listkit.USAGE, run(runDir, cache, List.of("--resume", "--set", "train.learningRate=0.002"), lr),
                lr.toString());
        assertTrue(lr.toString().contains("train.learningRate: 0.001 → 0.002"), lr.toString());
        JsonNode recipe = Json.MAPPER.readTree(runDir.resolve("recipe.json").toFile());
        assertEquals(0.001, recipe.get("train").get("learningRate").asDouble(), "a refused resume leaves recipe.json");
        assertFalse(Files.exists(lock), "a refusal inside the lock releases it");
        // The same recipe resumes at the last step and says that it trained nothing new.
        StringBuilder again = new StringBuilder();
        assertEquals(Listkit.OK, run(runDir, cache, List.of("--resume"), again), again.toString());
        assertTrue(again.toString().contains("resumed at step 4 of 4"), again.toString());
        assertTrue(again.toString().contains("trained 0 new steps (step 4 → 4)"), again.toString());
        assertEquals(0, Json.MAPPER.readTree(runDir.resolve("report.json").toFile()).get("newSteps").asInt());
        assertEquals(4, Files.readAllLines(runDir.resolve("metrics.jsonl")).size());
        // A resume may extend the run: only the new steps train, on the schedule recomputed for 6 steps.
        StringBuilder longer = new StringBuilder();
        assertEquals(Listkit.OK, run(runDir, cache, List.of("--resume", "--set", "train.totalSteps=6"), longer),
                longer.toString());
        assertTrue(longer.toString().contains("resume extends the run: train.totalSteps: 4 → 6"), longer.toString());
        assertTrue(longer.toString().contains("trained 2 new steps (step 4 → 6)"), longer.toString());
        JsonNode extended = Json.MAPPER.readTree(runDir.resolve("report.json").toFile());
        assertEquals(6, extended.get("steps").asInt());
        assertEquals(2, extended.get("newSteps").asInt());
        List<String> six = Files.readAllLines(runDir.resolve("metrics.jsonl"));
        List<Long> steps = new java.util.ArrayList<>();
        for (String l : six) {
            steps.add(Json.MAPPER.readTree(l).get("step").asLong());
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), steps);
        assertEquals(metrics.subList(0, 4), six.subList(0, 4), "the first 4 steps were not trained again");
        LearningRateSchedule schedule = new LearningRateSchedule(
                Recipes.load("audio-paired-baseline", concat(TINY, "train.totalSteps=6")).train());
        assertEquals(schedule.at(4), Json.MAPPER.readTree(six.get(4)).get("lr").asDouble(), 1e-12);
        assertEquals(6, Json.MAPPER.readTree(runDir.resolve("recipe.json").toFile()).get("train").get("totalSteps")
                .asInt(), "the extension is the run's recipe now");

        // The trained run serves the inference commands.
        String[] common = {"--run", runDir.toString(), "--cache-dir", cache.toString(), "--data-root",
            DataRoot.get().toString()};
        StringBuilder zsLog = new StringBuilder();
        assertEquals(Listkit.OK, cli(zsLog, concat(new String[] {"eval", "zeroshot", "--dataset", "esc50",
            "--dataset-option", "folds=2", "--templates", "esc50", "--out", tmp.resolve("zs").toString()}, common)),
                zsLog.toString());
        JsonNode zsJson = Json.MAPPER.readTree(tmp.resolve("zs/zeroshot-esc50-folds-2-esc50.json").toFile());
        assertEquals(11, zsJson.get("count").asInt(), "fold 2 has 11 clips here");
        // Without --templates: the run's modality's own prompts; stdout is the result JSON and nothing else.
        CliRun byModality = CliRun.of(concat(new String[] {"eval", "zeroshot", "--dataset", "esc50",
            "--dataset-option", "folds=2", "--out", tmp.resolve("zs").toString()}, common));
        assertEquals(Listkit.OK, byModality.status(), byModality.all());
        JsonNode result = Json.MAPPER.readTree(byModality.out());
        assertTrue(result.get("templates").get("default").toString().contains("this is a sound of {}."),
                result.toString());
        assertEquals(11, result.get("results").get("esc50-folds-2/default").get("count").asInt(), result.toString());
        assertTrue(result.get("files").get(0).asText().endsWith("zeroshot-esc50-folds-2-default.json"),
                result.toString());

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

    /**
     * A stale lock (its process is gone) blocks a run with exit 2 until --force-unlock breaks it; --overwrite
     * replaces the previous run, says what it removed and keeps other files.
     */
    @Test
    void staleLockAndOverwrite() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(DataRoot.get().resolve("esc50")), "no data");
        }
        Path runDir = Files.createDirectories(tmp.resolve("old"));
        for (String f : List.of("recipe.json", "metrics.jsonl", "checkpoints/step-00000900.lkckpt", "notes.txt")) {
            Files.createDirectories(runDir.resolve(f).getParent());
            Files.writeString(runDir.resolve(f), "{}");
        }
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        String host;
        try (DirectoryLock mine = DirectoryLock.builder().setDirectory(tmp.resolve("probe")).setCommand("probe")
                .acquire()) {
            host = mine.holder().host();
        }
        Files.writeString(runDir.resolve(DirectoryLock.FILE), "{\"pid\":" + gone.pid() + ",\"host\":\"" + host
                + "\",\"started\":\"2025-01-01T00:00:00Z\",\"processStart\":\"\",\"command\":\"listkit train\","
                + "\"token\":\"t\"}");
        StringBuilder stale = new StringBuilder();
        assertEquals(Listkit.USAGE, run(runDir, caches.resolve("cache"), List.of("--overwrite"), stale), stale.toString());
        assertTrue(stale.toString().contains("stale lock: listkit train (pid " + gone.pid())
                && stale.toString().contains("--force-unlock"), stale.toString());
        assertTrue(Files.exists(runDir.resolve("checkpoints")), "nothing removed while refused");

        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, run(runDir, caches.resolve("cache"), List.of("--overwrite", "--force-unlock"), log),
                log.toString());
        assertTrue(log.toString().contains("breaking a stale lock"), log.toString());
        assertTrue(log.toString().contains("--overwrite: removed the previous run's recipe.json, metrics.jsonl,"
                + " checkpoints/ (3 files)") && log.toString().contains("kept notes.txt"), log.toString());
        assertFalse(Files.exists(runDir.resolve("checkpoints/step-00000900.lkckpt")), "no stale checkpoint left");
        assertTrue(Files.exists(runDir.resolve("notes.txt")));
        assertEquals(4, Files.readAllLines(runDir.resolve("metrics.jsonl")).size());
        assertFalse(Files.exists(runDir.resolve(DirectoryLock.FILE)));
    }

    private static List<String> concat(List<String> a, String... b) {
        List<String> out = new java.util.ArrayList<>(a);
        out.addAll(List.of(b));
        return out;
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
