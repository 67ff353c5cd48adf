package dev.listkit.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;

/**
 * Architecture of a {@link CocaModel}.
 *
 * @param embedDim   width E of the joint embedding space
 * @param encoder    the modality encoder spec, passed to {@code Modality.encoder(spec)}
 * @param decoder    the caption decoder's width and depth
 * @param text       the text tower (default: frozen MiniLM-L6-v2 features + a trainable projection)
 */
public record CocaConfig(int embedDim, JsonNode encoder, DecoderSpec decoder, TextSpec text) {
    public CocaConfig {
        text = text == null ? TextSpec.FROZEN_MINILM : text;
    }

    /** The same architecture with the default text tower (for code that builds configs by hand). */
    public CocaConfig(int embedDim, JsonNode encoder, DecoderSpec decoder) {
        this(embedDim, encoder, decoder, null);
    }

    /**
     * The text tower. {@code minilm-frozen}: cached MiniLM-L6-v2 sentence embeddings and a trainable linear
     * projection (knows every English word). {@code transformer}: a trainable transformer over the caption
     * vocabulary (learns only the words of the training captions; others map to UNK).
     *
     * @param type   {@code minilm-frozen} or {@code transformer}
     * @param dim    transformer width (transformer only)
     * @param layers transformer blocks
     * @param heads  attention heads
     * @param causal causal (CLIP-style, pooled at EOS) or bidirectional (mean pooled)
     */
    public record TextSpec(String type, Integer dim, Integer layers, Integer heads, Boolean causal) {
        /** The default. */
        public static final TextSpec FROZEN_MINILM = new TextSpec("minilm-frozen", null, null, null, null);
        /** Accepted types. */
        public static final java.util.List<String> TYPES = java.util.List.of("minilm-frozen", "transformer");

        /** True for the trainable transformer. */
        public boolean trainable() {
            return "transformer".equals(type);
        }
    }
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
        if (!TextSpec.TYPES.contains(text.type())) {
            throw new ConfigException("model.text.type '" + text.type() + "' is not one of " + TextSpec.TYPES);
        }
        if (text.trainable() && (text.dim() == null || text.layers() == null || text.heads() == null)) {
            throw new ConfigException("model.text of type transformer needs dim, layers and heads");
        }
        if (decoder.maxLength() < 3) {
            throw new ConfigException("model.decoder.maxLength must be >= 3, got " + decoder.maxLength());
        }
        return this;
    }
}
