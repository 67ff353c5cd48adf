package dev.listkit.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;

/**
 * Architecture of a {@link CocaModel}.
 *
 * @param embedDim   width E of the joint embedding space
 * @param encoder    the modality encoder spec, passed to {@code Modality.encoder(spec)}
 * @param decoder    the caption decoder's width and depth
 */
public record CocaConfig(int embedDim, JsonNode encoder, DecoderSpec decoder) {
    /**
     * Caption decoder size (the vocabulary and memory width come from the data and the encoder).
     *
     * @param dim       decoder width
     * @param layers    blocks
     * @param heads     attention heads
     * @param mlpRatio  MLP width / dim
     * @param maxLength longest caption in tokens, including BOS and EOS
     */
    public record DecoderSpec(int dim, int layers, int heads, float mlpRatio, int maxLength) {
    }

    /** Checks ranges; messages name the key. */
    public CocaConfig validate() throws ConfigException {
        if (embedDim <= 0) {
            throw new ConfigException("model.embedDim must be > 0, got " + embedDim);
        }
        if (encoder == null || !encoder.isObject()) {
            throw new ConfigException("model.encoder must be an object such as {\"type\": \"cnn\", ...}");
        }
        if (decoder == null) {
            throw new ConfigException("model.decoder is required");
        }
        if (decoder.maxLength() < 3) {
            throw new ConfigException("model.decoder.maxLength must be >= 3, got " + decoder.maxLength());
        }
        return this;
    }
}
