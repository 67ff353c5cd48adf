package dev.listkit.vision.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.tower.FrozenOnnxEncoder;
import dev.listkit.core.tower.OnnxTowerSpec;
import dev.listkit.core.tower.TowerInput;
import dev.listkit.core.util.Json;
import dev.listkit.vision.VisionSettings;
import dev.listkit.vision.transform.Normalization;
import java.util.List;

/**
 * The vision plugin's part of a frozen ONNX image encoder (the core's {@link FrozenOnnxEncoder}): only the
 * preprocessing. The modality's tensors are {@code (3, S, S)} normalised with the modality's mean/std; the
 * model wants its own, given in the spec's {@code preprocess} object, so each value is mapped
 * {@code x * (ms / bs) + (mm - bm) / bs} per channel (modality m, backbone b).
 *
 * <pre>{"type": "onnx", "model": "mobilenetv2/mobilenetv2-12-int8.onnx", "tokensOutput": "feature_map",
 *  "tokenGrid": [3, 3], "preprocess": {"mean": [0.485, 0.456, 0.406], "std": [0.229, 0.224, 0.225]}}</pre>
 */
public final class VisionTower {
    private VisionTower() {
    }

    /**
     * The model's input normalisation, bound strictly from {@code preprocess}.
     *
     * @param mean the model's per-channel input mean (R, G, B) for [0, 1] pixels
     * @param std  the model's per-channel input standard deviation
     */
    public record Preprocess(List<Double> mean, List<Double> std) {
    }

    /** Opens the encoder for this modality's images; the caller owns (closes) it. */
    public static FrozenOnnxEncoder build(JsonNode node, VisionSettings settings) throws ConfigException {
        String what = "vision encoder (onnx)";
        OnnxTowerSpec spec = OnnxTowerSpec.parse(node, what);
        JsonNode pre = spec.preprocess() == null ? Json.object() : spec.preprocess();
        Preprocess p = Json.bind(pre, Preprocess.class, what + ": preprocess");
        if (p.mean() == null || p.std() == null) {
            throw new ConfigException(what + ": preprocess needs 'mean' and 'std' (3 values each, the model's "
                    + "normalisation of [0, 1] RGB)");
        }
        Normalization model;
        try {
            model = new Normalization(p.mean(), p.std());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(what + ": preprocess: " + e.getMessage(), e);
        }
        Normalization modality = settings.normalization();
        float[] mm = modality.meanArray();
        float[] ms = modality.stdArray();
        float[] bm = model.meanArray();
        float[] bs = model.stdArray();
        float[] scale = new float[3];
        float[] shift = new float[3];
        for (int c = 0; c < 3; c++) {
            // raw = x * ms + mm; model input = (raw - bm) / bs
            scale[c] = ms[c] / bs[c];
            shift[c] = (mm[c] - bm[c]) / bs[c];
        }
        int s = settings.imageSize();
        TowerInput input = new TowerInput("vision", new long[] {3, s, s}, (data, shape) -> {
            int plane = (int) (shape[2] * shape[3]); // (B, 3, S, S)
            for (int i = 0; i < data.length; i++) {
                int c = (i / plane) % 3;
                data[i] = data[i] * scale[c] + shift[c];
            }
        }, "vision renormalise " + modality + " -> " + model,
                "set modality.config.imageSize to the model's input side (e.g. preset imagenet-224 for 224 px models)");
        return new FrozenOnnxEncoder(spec, input);
    }
}
