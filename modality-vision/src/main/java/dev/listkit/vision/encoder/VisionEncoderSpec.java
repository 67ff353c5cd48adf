package dev.listkit.vision.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.nn.PatchTransformerSpec;
import dev.listkit.core.util.Json;

/**
 * The {@code vit} encoder section of a vision recipe, bound strictly: a ViT over the preprocessed
 * (3, S, S) image (mean-pooled tokens; see {@link dev.listkit.core.nn.PatchTransformer}). Other types:
 * {@link VisionEncoders}.
 *
 * <pre>{"type": "vit", "patch": 8, "dim": 192, "depth": 4, "heads": 3, "mlpRatio": 4}</pre>
 *
 * @param type     {@code vit}
 * @param patch    square patch size in pixels (default 8; must divide the image size)
 * @param dim      token width (default 192)
 * @param depth    transformer blocks (default 4)
 * @param heads    attention heads (default 3)
 * @param mlpRatio MLP width / dim (default 4)
 */
public record VisionEncoderSpec(String type, Integer patch, Integer dim, Integer depth, Integer heads,
                                Integer mlpRatio) {
    /** Binds and checks a spec. */
    public static VisionEncoderSpec parse(JsonNode node) throws ConfigException {
        VisionEncoderSpec s = Json.bind(node, VisionEncoderSpec.class, "vision encoder");
        if (!"vit".equals(s.type)) {
            throw new ConfigException("vision encoder: type '" + s.type + "' is not 'vit'; accepted: "
                    + VisionEncoders.TYPES);
        }
        return s;
    }

    /** The transformer size for images of {@code imageSize} × {@code imageSize}. */
    public PatchTransformerSpec transformer(int imageSize) throws ConfigException {
        int p = patch == null ? 8 : patch;
        return new PatchTransformerSpec(imageSize, imageSize, p, p, dim == null ? 192 : dim, depth == null ? 4 : depth,
                heads == null ? 3 : heads, mlpRatio == null ? 4 : mlpRatio).validate();
    }
}
