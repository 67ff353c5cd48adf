package dev.listkit.core.text;

import dev.listkit.core.ConfigException;

/**
 * Architecture of a {@link TransformerTextEncoder}.
 *
 * @param vocabSize V
 * @param dim model width D
 * @param layers transformer blocks
 * @param heads attention heads
 * @param mlpRatio MLP hidden width / D
 * @param maxLength position table size (longest token sequence)
 * @param outputDim joint embedding width the pooled state is projected to
 * @param causal causal self-attention (CLIP) or bidirectional
 * @param pooling EOT or MEAN
 */
public record TransformerTextEncoderConfig(int vocabSize, int dim, int layers, int heads, float mlpRatio,
        int maxLength, int outputDim, boolean causal, TextPooling pooling) {

    /** Checks ranges; the message names the field. */
    public TransformerTextEncoderConfig validate() throws ConfigException {
        if (vocabSize <= 0 || dim <= 0 || layers <= 0 || heads <= 0 || maxLength <= 0 || outputDim <= 0) {
            throw new ConfigException("text encoder: vocabSize, dim, layers, heads, maxLength, outputDim must be"
                    + " positive: " + this);
        }
        if (dim % heads != 0) {
            throw new ConfigException("text encoder: dim " + dim + " is not divisible by heads " + heads);
        }
        if (mlpRatio <= 0) {
            throw new ConfigException("text encoder: mlpRatio must be positive: " + mlpRatio);
        }
        if (pooling == null) {
            throw new ConfigException("text encoder: pooling is required (EOT or MEAN)");
        }
        return this;
    }
}
