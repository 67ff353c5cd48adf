package dev.listkit.core.inference.ort;

import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.inference.CocaRun;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.nn.CaptionDecoderConfig;
import dev.listkit.core.onnx.graph.OnnxGraph;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Exports a trained run to a model directory: four ONNX graphs (see {@link dev.listkit.core.onnx.graph.OnnxNames}), {@code model.json}
 * ({@link OnnxModelManifest}) and copies of the run's {@code recipe.json} and {@code vocabulary.json}.
 * Every graph carries {@code metadata_props}: {@code listkit.recipe} (the recipe JSON),
 * {@code listkit.preprocessing} (the modality section: plugin id and front-end config),
 * {@code listkit.model_version} (training step), {@code listkit.graph} (its role) and
 * {@code listkit.source_run}. No Python, no protobuf library: {@link OnnxGraph} writes the wire format.
 *
 * <pre>{@code
 * try (CocaRun run = CocaRun.open(runDir, cacheDir)) {
 *     OnnxModelManifest m = OnnxExporter.export(run, Path.of("model-dir"));
 * }
 * }</pre>
 */
public final class OnnxExporter {
    private OnnxExporter() {
    }

    /**
     * Writes the model directory (created if needed; files replaced atomically).
     *
     * @throws ConfigException the modality encoder cannot be exported
     * @throws ListkitException a file cannot be written or read
     */
    public static OnnxModelManifest export(CocaRun run, Path outDir) throws ListkitException {
        CocaModel model = run.model();
        long[] sampleShape = run.modality().sampleShape();
        String recipeText;
        String vocabText;
        try {
            recipeText = Files.readString(run.runDir().resolve("recipe.json"));
            vocabText = Files.readString(run.runDir().resolve("vocabulary.json"));
        } catch (IOException e) {
            throw new ListkitException(run.runDir() + ": cannot read the recipe or vocabulary: " + e.getMessage(), e);
        }
        Map<String, OnnxGraph> graphs = new LinkedHashMap<>();
        OnnxGraph modality = new OnnxGraph("modality");
        model.exportModalityGraph(modality, sampleShape);
        graphs.put("modality", modality);
        OnnxGraph text = new OnnxGraph("text");
        model.exportTextGraph(text);
        graphs.put("text", text);
        OnnxGraph memory = new OnnxGraph("caption_memory");
        model.decoder().exportMemoryGraph(memory);
        graphs.put("captionMemory", memory);
        OnnxGraph step = new OnnxGraph("caption_step");
        model.decoder().exportStepGraph(step);
        graphs.put("captionStep", step);

        Map<String, String> files = new LinkedHashMap<>();
        try {
            Files.createDirectories(outDir);
            for (Map.Entry<String, OnnxGraph> e : graphs.entrySet()) {
                String file = fileName(e.getKey());
                Map<String, String> meta = new LinkedHashMap<>();
                meta.put("listkit.recipe", recipeText);
                meta.put("listkit.preprocessing", Json.write(run.recipe().modality()));
                meta.put("listkit.model_version", Long.toString(run.step()));
                meta.put("listkit.graph", e.getKey());
                meta.put("listkit.source_run", run.runDir().toAbsolutePath().normalize().toString());
                AtomicFiles.write(outDir.resolve(file), e.getValue().toModel(meta, run.step()));
                files.put(e.getKey(), file);
            }
            AtomicFiles.writeString(outDir.resolve("recipe.json"), recipeText);
            AtomicFiles.writeString(outDir.resolve("vocabulary.json"), vocabText);
            CaptionDecoderConfig d = model.decoder().config();
            OnnxModelManifest manifest = new OnnxModelManifest(OnnxModelManifest.FORMAT,
                    OnnxModelManifest.FORMAT_VERSION, OnnxGraph.OPSET, run.step(),
                    run.runDir().toAbsolutePath().normalize().toString(), Hashing.sha256(recipeText),
                    run.recipe().modality().id(), Arrays.stream(sampleShape).boxed().toList(), model.embedDim(),
                    model.textFromTokens() ? "tokens" : "features", model.textDim(), d.maxLength(),
                    new OnnxModelManifest.Decoder(d.layers(), d.heads(), d.dim() / d.heads(), d.memoryDim(),
                            d.vocabSize(), d.maxLength(), d.bosId(), d.eosId(), d.padId()), files);
            AtomicFiles.writeString(outDir.resolve(OnnxModelManifest.FILE), Json.writePretty(manifest));
            return manifest;
        } catch (IOException e) {
            throw new ListkitException(outDir + ": cannot write the exported model: " + e.getMessage(), e);
        }
    }

    /** {@code captionMemory} → {@code caption_memory.onnx}. */
    static String fileName(String role) {
        return role.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT) + ".onnx";
    }
}
