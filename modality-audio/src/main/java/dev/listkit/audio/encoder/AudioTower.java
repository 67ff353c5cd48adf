package dev.listkit.audio.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.tower.FrozenOnnxEncoder;
import dev.listkit.core.tower.OnnxTowerSpec;
import dev.listkit.core.tower.TowerInput;

/**
 * The audio plugin's part of a frozen ONNX audio encoder (the core's {@link FrozenOnnxEncoder}): the
 * modality's log-mel {@code (1, nMels, frames)} is the model's input as it is, so the preprocessing is the
 * modality's front-end preset, which must be the one the model was trained with (EfficientAT: {@code efficientat},
 * 128 mels at 32 kHz). The spec's {@code preprocess} object therefore takes no keys.
 *
 * <pre>{"type": "onnx", "model": "efficientat-mn04/mn04_as.onnx", "pooledOutput": "features",
 *  "tokensOutput": "feature_map", "tokenGrid": [1, 8]}</pre>
 */
public final class AudioTower {
    private AudioTower() {
    }

    /**
     * Opens the encoder for log-mels of {@code sampleShape}; the caller owns (closes) it.
     *
     * @param preset the modality's front-end preset, for messages
     */
    public static FrozenOnnxEncoder build(JsonNode node, long[] sampleShape, String preset) throws ConfigException {
        String what = "audio encoder (onnx)";
        OnnxTowerSpec spec = OnnxTowerSpec.parse(node, what);
        if (spec.preprocess() != null && !(spec.preprocess().isObject() && spec.preprocess().isEmpty())) {
            throw new ConfigException(what + ": 'preprocess' accepts no keys for audio: the model's input is the "
                    + "modality's log-mel, so choose the front-end preset the model was trained with "
                    + "(modality.config.preset)");
        }
        TowerInput input = new TowerInput("audio", sampleShape, null, "audio log-mel as is",
                "the modality's preset '" + preset + "' gives " + sampleShape[1] + " mel bins: choose the front end "
                        + "the model was trained with (EfficientAT: preset efficientat, 128 mels)");
        return new FrozenOnnxEncoder(spec, input);
    }
}
