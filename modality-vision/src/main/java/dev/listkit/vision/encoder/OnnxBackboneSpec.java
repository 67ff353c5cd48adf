package dev.listkit.vision.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.util.Json;
import dev.listkit.vision.transform.Normalization;
import java.nio.file.Path;
import java.util.List;

/**
 * A frozen image backbone supplied as an ONNX model (e.g. a DINOv2 or CLIP image tower exported to
 * ONNX), bound strictly. Only the CoCa projections and decoder on top of it train.
 *
 * <pre>{"type": "onnx", "model": "models/dinov2-small.onnx", "inputSize": 224,
 *  "mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225],
 *  "output": "last_hidden_state", "pooledOutput": "pooler_output"}</pre>
 *
 * @param type         {@code onnx}
 * @param model        the {@code .onnx} file (relative paths: from the working directory)
 * @param inputSize    side S in pixels the model takes; must equal the vision modality's image size
 * @param mean         the model's per-channel input mean (R, G, B) for [0, 1] pixels
 * @param std          the model's per-channel input standard deviation
 * @param input        the image input's name (default: the model's only input)
 * @param output       the token output: {@code (B, T, D)}, or a {@code (B, D, H, W)} feature map whose
 *                     cells become tokens, or {@code (B, D)} (one token)
 * @param pooledOutput optional {@code (B, D)} output used as the pooled vector (default: token mean)
 */
public record OnnxBackboneSpec(String type, String model, Integer inputSize, List<Double> mean, List<Double> std,
                               String input, String output, String pooledOutput) {
    /** Binds and checks a spec (the model file itself is checked when it is opened). */
    public static OnnxBackboneSpec parse(JsonNode node) throws ConfigException {
        OnnxBackboneSpec s = Json.bind(node, OnnxBackboneSpec.class, "vision encoder (onnx)");
        if (s.model == null || s.model.isBlank()) {
            throw new ConfigException("onnx encoder: 'model' (path of the .onnx file) is required");
        }
        if (s.inputSize == null || s.inputSize <= 0) {
            throw new ConfigException("onnx encoder: 'inputSize' (the model's input side in pixels) is required");
        }
        if (s.output == null || s.output.isBlank()) {
            throw new ConfigException("onnx encoder: 'output' (name of the token output) is required");
        }
        if (s.mean == null || s.std == null) {
            throw new ConfigException("onnx encoder: 'mean' and 'std' (3 values each, for [0, 1] RGB) are required");
        }
        s.normalization();
        return s;
    }

    /** The model's input normalisation. */
    public Normalization normalization() throws ConfigException {
        try {
            return new Normalization(mean, std);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("onnx encoder: " + e.getMessage(), e);
        }
    }

    /** The model file. */
    public Path modelPath() {
        return Path.of(model).toAbsolutePath().normalize();
    }
}
