package dev.listkit.audio.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.util.Json;
import java.util.List;

/**
 * The encoder section of an audio recipe, bound strictly. {@code type} is {@code cnn} (PANN CNN10-like,
 * any clip length) or {@code transformer} (AST-like patches, fixed length = the modality's frames).
 *
 * <pre>{"type": "cnn", "widths": [16, 32, 64, 128]}
 * {"type": "transformer", "patchMels": 16, "patchFrames": 16, "dim": 192, "depth": 4, "heads": 3, "mlpRatio": 4}</pre>
 *
 * @param type        {@code cnn} or {@code transformer}
 * @param widths      CNN channels per block (default 16-32-64-128)
 * @param patchMels   transformer patch height in mel bins (default 16)
 * @param patchFrames transformer patch width in frames (default 16)
 * @param dim         transformer width (default 192)
 * @param depth       transformer blocks (default 4)
 * @param heads       transformer heads (default 3)
 * @param mlpRatio    transformer MLP ratio (default 4)
 */
public record AudioEncoderSpec(String type, List<Integer> widths, Integer patchMels, Integer patchFrames, Integer dim,
                               Integer depth, Integer heads, Integer mlpRatio) {
    /** Encoder types. */
    public static final List<String> TYPES = List.of("cnn", "transformer");

    /** Binds and checks a spec. */
    public static AudioEncoderSpec parse(JsonNode node) throws ConfigException {
        AudioEncoderSpec s = Json.bind(node, AudioEncoderSpec.class, "audio encoder");
        if (s.type == null || !TYPES.contains(s.type)) {
            throw new ConfigException("audio encoder: unknown type '" + s.type + "'; accepted: " + TYPES
                    + " (trainable) and onnx (a frozen pretrained model)");
        }
        return s;
    }

    /** The CNN config (type {@code cnn}). */
    public CnnEncoderConfig cnn() throws ConfigException {
        return (widths == null ? CnnEncoderConfig.slim() : new CnnEncoderConfig(widths)).validate();
    }

    /** The transformer config (type {@code transformer}) for inputs of {@code mels} × {@code frames}. */
    public PatchTransformerConfig transformer(int mels, int frames) throws ConfigException {
        PatchTransformerConfig d = PatchTransformerConfig.small(mels, frames);
        int pm = patchMels == null ? d.patchMels() : patchMels;
        int pf = patchFrames == null ? d.patchFrames() : patchFrames;
        // Learned positions need a fixed grid: drop the frames that do not fill a whole patch.
        return new PatchTransformerConfig(mels, frames / pf * pf, pm, pf, dim == null ? d.dim() : dim,
                depth == null ? d.depth() : depth, heads == null ? d.heads() : heads,
                mlpRatio == null ? d.mlpRatio() : mlpRatio).validate();
    }
}
