package dev.listkit.recipes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.io.DataRoot;
import dev.listkit.core.util.Json;
import dev.listkit.recipes.cli.Listkit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Train a tiny run on real clips, {@code listkit export} it, and run the inference commands on both
 * runtimes: embeddings agree within 1e-4, captions (greedy, beam, nucleus) are identical, zero-shot
 * accuracy is the same; broken model directories fail with messages naming the file.
 */
class OnnxRuntimeTest {
    @TempDir
    Path tmp;

    private static final List<String> TINY = List.of(
            "data.train=[{\"dataset\":\"opensfx\",\"limit\":24},{\"dataset\":\"tuxpaint\",\"limit\":24}]",
            "model.encoder.widths=[8,16]", "model.embedDim=32",
            "model.decoder={\"dim\":32,\"layers\":2,\"heads\":2,\"mlpRatio\":2.0,\"maxLength\":12}",
            "train.batchSize=8", "train.totalSteps=6", "train.warmupSteps=1", "train.checkpointEvery=6",
            "train.logEvery=3", "train.learningRate=0.01", "eval.zeroShot=[]", "eval.captions=false");

    @Test
    void exportedModelMatchesDjlThroughTheCommandsAndBadDirectoriesAreNamed() throws Exception {
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(Files.isDirectory(DataRoot.get().resolve("opensfx")), "no data");
        }
        Path runDir = tmp.resolve("run");
        Path cache = tmp.resolve("cache");
        Path model = tmp.resolve("model");
        List<String> train = new ArrayList<>(List.of("train", "--recipe", "audio-paired-baseline", "--run-dir",
                runDir.toString(), "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString()));
        TINY.forEach(s -> {
            train.add("--set");
            train.add(s);
        });
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, cli(log, train.toArray(String[]::new)), log.toString());
        assertEquals(Listkit.OK, cli(log, "export", "--run", runDir.toString(), "--out", model.toString(),
                "--cache-dir", cache.toString()), log.toString());
        JsonNode manifest = Json.MAPPER.readTree(model.resolve("model.json").toFile());
        assertEquals(17, manifest.get("opset").asInt());
        assertEquals("features", manifest.get("textInput").asText());
        for (String f : List.of("modality.onnx", "text.onnx", "caption_memory.onnx", "caption_step.onnx",
                "recipe.json", "vocabulary.json")) {
            assertTrue(Files.size(model.resolve(f)) > 0, f);
        }

        // Embeddings: texts and a dataset, DJL (run dir) vs ONNX Runtime (model dir).
        for (String[] what : List.of(new String[] {"--text", "a dog barks", "--text", "rain on a tin roof"},
                new String[] {"--dataset", "tuxpaint"})) {
            Map<String, float[]> djl = embed(runDir, cache, "djl", what);
            Map<String, float[]> ort = embed(model, cache, "onnx", what);
            assertEquals(djl.keySet(), ort.keySet());
            assertTrue(djl.size() >= 2);
            for (String k : djl.keySet()) {
                float[] a = djl.get(k);
                float[] b = ort.get(k);
                for (int i = 0; i < a.length; i++) {
                    assertEquals(a[i], b[i], 1e-4, k + "[" + i + "]");
                }
            }
        }

        // Captions: the same tokens from the same search code on both runtimes.
        int words = 0;
        for (List<String> strategy : List.of(List.of("--strategy", "greedy"), List.of("--strategy", "beam", "--beam",
                "3"), List.of("--strategy", "nucleus", "--candidates", "2", "--seed", "3"))) {
            List<String> a = captions(runDir, cache, "djl", strategy);
            List<String> b = captions(model, cache, "onnx", strategy);
            assertEquals(a, b, strategy.toString());
            for (String line : a) {
                for (JsonNode c : Json.MAPPER.readTree(line).get("captions")) {
                    words += c.asText().isBlank() ? 0 : c.asText().split(" ").length;
                }
            }
        }
        assertTrue(words > 0, "vacuous: only empty captions");

        // Zero-shot evaluation on ONNX Runtime gives DJL's accuracy.
        Map<String, Double> top1 = new HashMap<>();
        for (String runtime : List.of("djl", "onnx")) {
            Path dir = runtime.equals("djl") ? runDir : model;
            StringBuilder zs = new StringBuilder();
            assertEquals(Listkit.OK, cli(zs, "eval", "zeroshot", "--run", dir.toString(), "--runtime", runtime,
                    "--dataset", "esc50", "--dataset-option", "folds=2", "--templates", "esc50", "--cache-dir",
                    cache.toString(), "--data-root", DataRoot.get().toString(), "--out", tmp.resolve("zs-" + runtime)
                    .toString()), zs.toString());
            assertTrue(zs.toString().contains(runtime.equals("djl") ? "runtime: DJL" : "runtime: ONNX Runtime, CPU"),
                    zs.toString());
            top1.put(runtime, Json.MAPPER.readTree(tmp.resolve("zs-" + runtime).resolve("zeroshot-esc50-folds-2-esc50.json")
                    .toFile()).get("top1").asDouble());
        }
        assertEquals(top1.get("djl"), top1.get("onnx"));

        // Bad input: each message names the file and says what was expected; a --run that is not a usable model
        // directory is a configuration error (exit 2).
        StringBuilder wrong = new StringBuilder();
        assertEquals(Listkit.USAGE, cli(wrong, "embed", "--run", runDir.toString(), "--runtime", "onnx", "--text",
                "x", "--out", tmp.resolve("x.jsonl").toString()));
        assertTrue(wrong.toString().contains("listkit export --run"), wrong.toString());

        Path broken = copy(model, tmp.resolve("broken-text"));
        Files.writeString(broken.resolve("text.onnx"), "this is not an ONNX model");
        String msg = failure(broken, cache);
        assertTrue(msg.contains(broken.resolve("text.onnx").toString()) && msg.contains("not a loadable ONNX model"),
                msg);

        Path missing = copy(model, tmp.resolve("missing-step"));
        Files.delete(missing.resolve("caption_step.onnx"));
        msg = failure(missing, cache);
        assertTrue(msg.contains(missing.resolve("caption_step.onnx") + ": missing"), msg);

        Path swapped = copy(model, tmp.resolve("swapped"));
        Files.copy(model.resolve("caption_memory.onnx"), swapped.resolve("text.onnx"),
                StandardCopyOption.REPLACE_EXISTING);
        msg = failure(swapped, cache);
        assertTrue(msg.contains(swapped.resolve("text.onnx") + ": inputs do not match model.json: expected "
                + "text_features [?, 384]; found memory [?, ?, 16]"), msg);
    }

    private static Path copy(Path from, Path to) throws Exception {
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private String failure(Path modelDir, Path cache) {
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.USAGE, cli(log, "embed", "--run", modelDir.toString(), "--text", "x", "--cache-dir",
                cache.toString(), "--out", tmp.resolve("x.jsonl").toString()), log.toString());
        return log.toString();
    }

    private Map<String, float[]> embed(Path dir, Path cache, String runtime, String... what) throws Exception {
        Path out = tmp.resolve("emb-" + runtime + ".jsonl");
        List<String> args = new ArrayList<>(List.of("embed", "--run", dir.toString(), "--runtime", runtime,
                "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString(), "--out", out.toString()));
        args.addAll(List.of(what));
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, cli(log, args.toArray(String[]::new)), log.toString());
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

    private List<String> captions(Path dir, Path cache, String runtime, List<String> strategy) throws Exception {
        Path out = tmp.resolve("cap-" + runtime + ".jsonl");
        List<String> args = new ArrayList<>(List.of("caption", "--run", dir.toString(), "--runtime", runtime,
                "--dataset", "tuxpaint", "--cache-dir", cache.toString(), "--data-root", DataRoot.get().toString(),
                "--out", out.toString()));
        args.addAll(strategy);
        StringBuilder log = new StringBuilder();
        assertEquals(Listkit.OK, cli(log, args.toArray(String[]::new)), log.toString());
        return Files.readAllLines(out);
    }

    private static int cli(StringBuilder log, String... args) {
        CliRun r = CliRun.of(args);
        log.append(r.all());
        return r.status();
    }
}
