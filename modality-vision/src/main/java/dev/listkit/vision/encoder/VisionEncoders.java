package dev.listkit.vision.encoder;

import ai.djl.nn.Block;
import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.nn.PatchTransformer;
import dev.listkit.vision.VisionSettings;
import java.util.List;

/**
 * Builds the vision encoder a recipe's {@code model.encoder} names by its {@code type}; each type has its
 * own strictly bound spec: {@code vit} ({@link VisionEncoderSpec}), {@code resnet} ({@link ResNetSpec}),
 * {@code onnx} (a frozen pretrained encoder: the core's {@link dev.listkit.core.tower.FrozenOnnxEncoder} with this
 * plugin's preprocessing, {@link VisionTower}).
 * Every encoder maps {@code (B, 3, S, S)} to {@code NDList(pooled (B, D), tokens (B, T, D))}.
 */
public final class VisionEncoders {
    /** Encoder types. */
    public static final List<String> TYPES = List.of("vit", "resnet", "onnx");

    private VisionEncoders() {
    }

    /**
     * A new, uninitialised encoder for the modality's images ({@code settings.imageSize()} pixels a side,
     * normalised with {@code settings.normalization()}). An {@code onnx} encoder owns an ORT session:
     * see {@link dev.listkit.core.tower.FrozenOnnxEncoder#close()}.
     */
    public static Block build(JsonNode spec, VisionSettings settings) throws ConfigException {
        int imageSize = settings.imageSize();
        return switch (type(spec)) {
            case "vit" -> new PatchTransformer(VisionEncoderSpec.parse(spec).transformer(imageSize));
            case "resnet" -> new ResNetEncoder(ResNetSpec.parse(spec));
            case "onnx" -> VisionTower.build(spec, settings);
            default -> throw new IllegalStateException("unreachable");
        };
    }

    /** Output width D of the encoder {@link #build} makes. */
    public static int dim(JsonNode spec, VisionSettings settings) throws ConfigException {
        int imageSize = settings.imageSize();
        return switch (type(spec)) {
            case "vit" -> VisionEncoderSpec.parse(spec).transformer(imageSize).dim();
            case "resnet" -> ResNetSpec.parse(spec).dim();
            case "onnx" -> {
                try (dev.listkit.core.tower.FrozenOnnxEncoder b = VisionTower.build(spec, settings)) {
                    yield b.dim();
                }
            }
            default -> throw new IllegalStateException("unreachable");
        };
    }

    private static String type(JsonNode spec) throws ConfigException {
        JsonNode t = spec == null ? null : spec.get("type");
        String type = t == null || !t.isTextual() ? null : t.asText();
        if (type == null || !TYPES.contains(type)) {
            throw new ConfigException("vision encoder: unknown type '" + type + "'; accepted: " + TYPES);
        }
        return type;
    }
}
