package dev.listkit.core.inference.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.inference.CocaRun;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.inference.ort.OnnxModel;
import dev.listkit.core.inference.ort.OnnxModelManifest;
import dev.listkit.core.inference.ort.OrtOptions;
import dev.listkit.core.train.CheckpointWeights;
import dev.listkit.core.util.Hashing;
import dev.listkit.core.util.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Opens a DJL training run or an exported ONNX model directory as an {@link InferenceModel}: the one
 * entry point for the embed, caption and eval commands and the data engine.
 *
 * <pre>{@code
 * try (InferenceModel m = InferenceModels.open(dir, "auto", Path.of("cache"), OrtOptions.defaults())) {
 *     List<List<String>> caps = m.captions(items, 16, CaptionStrategy.greedy(20));
 * }
 * }</pre>
 */
public final class InferenceModels {
    /** Accepted runtimes: {@code auto} picks {@code onnx} for a model directory, {@code djl} for a run. */
    public static final List<String> RUNTIMES = List.of("auto", "djl", "onnx");

    private InferenceModels() {
    }

    /**
     * @param dir a training run (recipe.json + checkpoints) or a model directory (model.json)
     * @param runtime {@code auto}, {@code djl} or {@code onnx}
     * @param cacheDir feature / text-embedding caches
     * @param ort ONNX Runtime settings (used by {@code onnx})
     * @throws ConfigException an unknown runtime, or a directory the runtime cannot read (with what to do)
     */
    public static InferenceModel open(Path dir, String runtime, Path cacheDir, OrtOptions ort)
            throws ListkitException {
        if (!RUNTIMES.contains(runtime)) {
            throw new ConfigException("unknown runtime '" + runtime + "'; accepted: " + RUNTIMES);
        }
        if (!Files.isDirectory(dir)) {
            throw new ConfigException(dir + ": not a directory (expected a training run or an exported model)");
        }
        boolean modelDir = OnnxModel.isModelDir(dir);
        boolean runDir = Files.isRegularFile(dir.resolve("recipe.json")) && Files.isDirectory(dir.resolve("checkpoints"));
        String chosen = runtime.equals("auto") ? (modelDir && !runDir ? "onnx" : "djl") : runtime;
        if (chosen.equals("onnx")) {
            if (!modelDir) {
                throw new ConfigException(dir.resolve(OnnxModelManifest.FILE) + ": missing; "
                        + (runDir ? dir + " is a DJL training run: export it with 'listkit export --run " + dir
                                + " --out MODEL_DIR' or use --runtime djl" : dir + " is not an exported model"));
            }
            return OnnxModel.open(dir, cacheDir, ort);
        }
        if (modelDir && !runDir) {
            throw new ConfigException(dir + " is an exported ONNX model without DJL checkpoints; use --runtime onnx");
        }
        return CocaRun.open(dir, cacheDir);
    }

    /**
     * A SHA-256 that changes whenever the model in {@code dir} would give other outputs: for a training run,
     * the payload hash of its latest checkpoint (from the header), its vocabulary and the recipe's
     * {@code modality} and {@code model} sections; for an exported model directory, the content of every
     * file in it. The data engine stamps its shards with it.
     *
     * @throws ListkitException no model in {@code dir}, or a file that cannot be read (named)
     */
    public static String fingerprint(Path dir) throws ListkitException {
        try {
            boolean runDir = Files.isRegularFile(dir.resolve("recipe.json"))
                    && Files.isRegularFile(dir.resolve("checkpoints").resolve("latest"));
            if (runDir) {
                JsonNode recipe = Json.parse(Files.readString(dir.resolve("recipe.json")));
                Path vocab = dir.resolve("vocabulary.json");
                String vocabSha = Files.isRegularFile(vocab) ? Hashing.sha256(Files.readAllBytes(vocab)) : "-";
                String weights = CheckpointWeights.payloadSha256(CheckpointWeights.latest(dir));
                return Hashing.sha256("checkpoint " + weights + "\nvocabulary " + vocabSha + "\nmodality "
                        + Json.write(recipe.path("modality")) + "\nmodel " + Json.write(recipe.path("model")));
            }
            if (!OnnxModel.isModelDir(dir)) {
                throw new ConfigException(dir + ": neither a training run nor an exported model directory");
            }
            StringBuilder all = new StringBuilder();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    all.append(dir.relativize(f)).append(' ').append(Hashing.sha256(Files.readAllBytes(f)))
                            .append('\n');
                }
            }
            return Hashing.sha256(all.toString());
        } catch (IOException e) {
            throw new ListkitException(dir + ": cannot read the model to fingerprint it: " + e.getMessage(), e);
        }
    }
}
