package dev.listkit.core.inference.runtime;

import dev.listkit.core.ConfigException;
import dev.listkit.core.ListkitException;
import dev.listkit.core.inference.CocaRun;
import dev.listkit.core.inference.InferenceModel;
import dev.listkit.core.inference.ort.OnnxModel;
import dev.listkit.core.inference.ort.OnnxModelManifest;
import dev.listkit.core.inference.ort.OrtOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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
}
