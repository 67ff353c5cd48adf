package dev.listkit.core.tower;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.io.ModelsRoot;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.List;

/**
 * A frozen pretrained encoder supplied as an ONNX model, the {@code "type": "onnx"} encoder section of a
 * recipe, bound strictly. It is the same for every modality: the modality plugin supplies only its
 * preprocessing ({@link TowerInput}, configured by the plugin-owned {@code preprocess} object). Only the
 * projection heads and the caption decoder train over it (locked-tower training, LiT); its outputs are
 * computed once per sample and cached ({@link LockedTowerModality}).
 *
 * <pre>{"type": "onnx", "model": "efficientat-mn04/mn04_as.onnx", "input": "spec",
 *  "pooledOutput": "features", "tokensOutput": "feature_map", "tokenGrid": [1, 8],
 *  "classifierOutput": "logits", "labels": "efficientat-mn04/audioset_labels.csv"}</pre>
 *
 * @param type             {@code onnx}
 * @param model            the {@code .onnx} file, absolute or relative to the models root ({@link ModelsRoot});
 *                         external weight files next to it are found from the model itself
 * @param input            the input's name (default: the model's only input)
 * @param pooledOutput     a {@code (B, D)} output used as the pooled vector (default: the mean of the tokens
 *                         before {@code tokenGrid} pooling)
 * @param tokensOutput     the token output: a {@code (B, C, H, W)} map (H·W tokens of width C), a
 *                         {@code (B, T, D)} sequence, or a {@code (B, D)} vector (one token); default: the
 *                         pooled output as one token. At least one of the two outputs is required
 * @param tokenGrid        optional adaptive average pooling of the tokens before caching: {@code [h, w]} for a
 *                         map, {@code [1, n]} for a sequence; fewer memory tokens make the caption decoder cheaper
 * @param classifierOutput optional {@code (B, K)} classifier output (tags, e.g. AudioSet logits)
 * @param labels           the classifier's class names, one per output, in order: a text file with one name per
 *                         line, or a CSV with a header whose {@code display_name} (else last) column holds them;
 *                         required with {@code classifierOutput}
 * @param tagTopK          tags kept per sample from the classifier (default 5): the data engine attaches them to
 *                         pool samples as metadata ({@code tags}, {@code tagScores}) for the {@code alttext} refiner
 * @param tagActivation    how logits become tag scores: {@code sigmoid} (multi-label, e.g. AudioSet; default) or
 *                         {@code softmax} (one label, e.g. ImageNet)
 * @param views            tower outputs cached per sample: view 0 is the sample as loaded, views 1… are the
 *                         modality's training augmentation under a seed derived from the file (default 1)
 * @param threads          ONNX Runtime intra-op threads of the tower session (default 1; the feature cache
 *                         runs samples in parallel)
 * @param preprocess       the modality plugin's own settings that map its tensors to the model's input (e.g.
 *                         the model's mean/std for images); bound strictly by the plugin
 */
public record OnnxTowerSpec(String type, String model, String input, String pooledOutput, String tokensOutput,
                            List<Integer> tokenGrid, String classifierOutput, String labels, Integer tagTopK,
                            String tagActivation, Integer views, Integer threads, JsonNode preprocess) {
    /** The spec type. */
    public static final String TYPE = "onnx";
    /** Accepted tag activations. */
    public static final List<String> ACTIVATIONS = List.of("sigmoid", "softmax");

    public OnnxTowerSpec {
        tokenGrid = tokenGrid == null ? null : List.copyOf(tokenGrid);
        tagTopK = tagTopK == null ? 5 : tagTopK;
        tagActivation = tagActivation == null ? "sigmoid" : tagActivation;
        views = views == null ? 1 : views;
        threads = threads == null ? 1 : threads;
    }

    /**
     * Binds and checks a spec (the files themselves are checked when the tower is opened).
     *
     * @param what names the section in messages, e.g. {@code "audio encoder (onnx)"}
     */
    public static OnnxTowerSpec parse(JsonNode node, String what) throws ConfigException {
        OnnxTowerSpec s = Json.bind(node, OnnxTowerSpec.class, what);
        if (!TYPE.equals(s.type)) {
            throw new ConfigException(what + ": type '" + s.type + "' is not '" + TYPE + "'");
        }
        if (s.model == null || s.model.isBlank()) {
            throw new ConfigException(what + ": 'model' (the .onnx file, absolute or under the models root) is required");
        }
        if (blank(s.pooledOutput) && blank(s.tokensOutput)) {
            throw new ConfigException(what + ": name at least one of 'pooledOutput' ((B, D)) and 'tokensOutput' "
                    + "((B, C, H, W), (B, T, D) or (B, D))");
        }
        if (s.tokenGrid != null && (s.tokenGrid.size() != 2 || s.tokenGrid.stream().anyMatch(v -> v == null || v < 1))) {
            throw new ConfigException(what + ": 'tokenGrid' must be two positive integers [h, w], got " + s.tokenGrid);
        }
        if (blank(s.classifierOutput) != blank(s.labels)) {
            throw new ConfigException(what + ": 'classifierOutput' and 'labels' go together (the label file names "
                    + "the classifier's outputs)");
        }
        if (s.tagTopK < 1) {
            throw new ConfigException(what + ": 'tagTopK' must be >= 1, got " + s.tagTopK);
        }
        if (!ACTIVATIONS.contains(s.tagActivation)) {
            throw new ConfigException(what + ": 'tagActivation' '" + s.tagActivation + "' is not one of " + ACTIVATIONS);
        }
        if (s.views < 1 || s.views > 64) {
            throw new ConfigException(what + ": 'views' must be in [1, 64], got " + s.views);
        }
        if (s.threads < 0) {
            throw new ConfigException(what + ": 'threads' must be >= 0 (0 = ONNX Runtime's default), got " + s.threads);
        }
        return s;
    }

    /** True when {@code spec} is an encoder section of this type (a cheap check, nothing is bound). */
    public static boolean isOnnx(JsonNode spec) {
        return spec != null && spec.isObject() && spec.path("type").isTextual() && TYPE.equals(spec.get("type").asText());
    }

    /** The model file, resolved against the models root; it must exist. */
    public Path modelPath() throws ConfigException {
        return ModelsRoot.resolve(model, "onnx encoder model");
    }

    /** The label file, resolved against the models root, or null when the spec has none. */
    public Path labelsPath() throws ConfigException {
        return blank(labels) ? null : ModelsRoot.resolve(labels, "onnx encoder label file");
    }

    static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
