package dev.listkit.core.inference.ort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.inference.CocaRun;
import dev.listkit.core.io.AtomicFiles;
import dev.listkit.core.model.CocaModel;
import dev.listkit.core.nn.CaptionDecoderConfig;
import dev.listkit.core.onnx.graph.OnnxGraph;
import dev.listkit.core.tower.FrozenOnnxEncoder;
import dev.listkit.core.tower.LockedTowerModality;
import dev.listkit.core.tower.OnnxTowerSpec;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a trained run to a model directory: four ONNX graphs (see {@link dev.listkit.core.onnx.graph.OnnxNames}), {@code model.json}
 * ({@link OnnxModelManifest}) and copies of the run's {@code recipe.json} and {@code vocabulary.json}.
 * Every graph carries {@code metadata_props}: {@code listkit.recipe} (the recipe JSON),
 * {@code listkit.preprocessing} (the modality section: plugin id and front-end config),
 * {@code listkit.model_version} (training step), {@code listkit.graph} (its role) and
 * {@code listkit.source_run}. No Python, no protobuf library: {@link OnnxGraph} writes the wire format.
 * A run trained on a frozen tower's cached outputs ({@link LockedTowerModality}) gets the tower's own files
 * copied into {@code tower/} with its hash in {@code model.json}; its modality graph reads the tower's outputs.
 *
 * <pre>{@code
 * try (CocaRun run = CocaRun.open(runDir, cacheDir)) {
 *     OnnxModelManifest m = OnnxExporter.export(run, Path.of("model-dir"));
 * }
 * }</pre>
 */
public final class OnnxExporter {
    /** Sub-directory of a model directory holding a copied frozen tower. */
    public static final String TOWER_DIR = "tower";

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
            OnnxModelManifest.Tower tower = run.modality() instanceof LockedTowerModality locked
                    ? copyTower(locked, run.recipe().model().encoder(), outDir) : null;
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
                            d.vocabSize(), d.maxLength(), d.bosId(), d.eosId(), d.padId()), files, tower);
            AtomicFiles.writeString(outDir.resolve(OnnxModelManifest.FILE), Json.writePretty(manifest));
            return manifest;
        } catch (IOException e) {
            throw new ListkitException(outDir + ": cannot write the exported model: " + e.getMessage(), e);
        }
    }

    /**
     * Copies a frozen tower's files (the ONNX model, its external weights, its label file) into
     * {@code outDir/tower/}, so that the model directory runs without the models root; the modality graph
     * reads the tower's outputs.
     */
    private static OnnxModelManifest.Tower copyTower(LockedTowerModality locked, JsonNode encoderSpec, Path outDir)
            throws ListkitException, IOException {
        if (!(locked.tower() instanceof FrozenOnnxEncoder onnx)) {
            throw new ConfigException("the frozen encoder " + locked.tower().getClass().getName()
                    + " cannot be exported: only ONNX towers are copied with the model");
        }
        OnnxTowerSpec spec = onnx.tower().spec();
        Path towerDir = Files.createDirectories(outDir.resolve(TOWER_DIR));
        Path modelDir = onnx.tower().file().getParent();
        List<String> copied = new ArrayList<>();
        for (Path f : onnx.tower().files()) { // the model and its external data, in the same relative layout
            String rel = modelDir.relativize(f).toString();
            Path to = towerDir.resolve(rel);
            Files.createDirectories(to.getParent());
            Files.copy(f, to, StandardCopyOption.REPLACE_EXISTING);
            copied.add(TOWER_DIR + "/" + rel);
        }
        ObjectNode exported = encoderSpec.deepCopy();
        exported.put("model", copied.get(0));
        Path labels = spec.labelsPath();
        if (labels != null) {
            String rel = TOWER_DIR + "/labels-" + labels.getFileName();
            Files.copy(labels, outDir.resolve(rel), StandardCopyOption.REPLACE_EXISTING);
            exported.put("labels", rel);
            copied.add(rel);
        }
        return new OnnxModelManifest.Tower(exported, copied, locked.tower().hash());
    }

    /** {@code captionMemory} → {@code caption_memory.onnx}. */
    static String fileName(String role) {
        return role.replaceAll("([A-Z])", "_$1").toLowerCase(java.util.Locale.ROOT) + ".onnx";
    }
}
