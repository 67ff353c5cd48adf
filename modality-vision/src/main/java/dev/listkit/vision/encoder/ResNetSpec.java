package dev.listkit.vision.encoder;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.util.Json;
import java.util.List;

/**
 * A small ResNet over the preprocessed {@code (3, S, S)} image, bound strictly: a 3x3 stem convolution,
 * then one stage of basic blocks per width; every stage after the first halves the resolution. The
 * output width D is the last width; the tokens are the cells of the last feature map.
 *
 * <pre>{"type": "resnet", "widths": [32, 64, 128], "blocks": 1, "stemStride": 2}</pre>
 *
 * @param type       {@code resnet}
 * @param widths     channels per stage (default {@code [32, 64, 128]})
 * @param blocks     basic blocks per stage (default 1)
 * @param stemStride stride of the stem convolution, 1 or 2 (default 1; 2 for 64 px and larger inputs)
 */
public record ResNetSpec(String type, List<Integer> widths, Integer blocks, Integer stemStride) {
    /** Binds and checks a spec. */
    public static ResNetSpec parse(JsonNode node) throws ConfigException {
        ResNetSpec s = Json.bind(node, ResNetSpec.class, "vision encoder (resnet)");
        return new ResNetSpec("resnet", s.widths == null ? List.of(32, 64, 128) : List.copyOf(s.widths),
                s.blocks == null ? 1 : s.blocks, s.stemStride == null ? 1 : s.stemStride).validate();
    }

    private ResNetSpec validate() throws ConfigException {
        if (widths.isEmpty() || widths.stream().anyMatch(w -> w == null || w <= 0)) {
            throw new ConfigException("resnet encoder: widths must be a non-empty list of positive ints, got " + widths);
        }
        if (blocks < 1) {
            throw new ConfigException("resnet encoder: blocks must be >= 1, got " + blocks);
        }
        if (stemStride != 1 && stemStride != 2) {
            throw new ConfigException("resnet encoder: stemStride must be 1 or 2, got " + stemStride);
        }
        return this;
    }

    /** Output width D. */
    public int dim() {
        return widths.get(widths.size() - 1);
    }

    /** Side of the last feature map for an input of {@code imageSize} pixels (each halving rounds up). */
    public long gridSide(long imageSize) {
        long side = ceilHalf(imageSize, stemStride);
        for (int i = 1; i < widths.size(); i++) {
            side = ceilHalf(side, 2);
        }
        return side;
    }

    private static long ceilHalf(long side, int stride) {
        return (side + stride - 1) / stride;
    }
}
