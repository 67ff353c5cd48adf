package dev.listkit.core.nn;

import dev.listkit.core.ConfigException;

/**
 * Architecture of a {@link CaptionDecoder}.
 *
 * @param vocabSize V, token ids are in [0, V)
 * @param dim model width D
 * @param layers number of decoder blocks
 * @param heads attention heads per block
 * @param mlpRatio MLP hidden width / D
 * @param maxLength maximum sequence length including BOS (size of the position table)
 * @param memoryDim width of the modality tokens (B, T_m, memoryDim) attended to
 * @param bosId token fed first (e.g. [CLS] = 101 for the MiniLM vocabulary)
 * @param eosId token that ends a caption (e.g. [SEP] = 102)
 * @param padId token used after EOS and for padding (e.g. [PAD] = 0)
 */
public record CaptionDecoderConfig(int vocabSize, int dim, int layers, int heads, float mlpRatio, int maxLength,
        int memoryDim, long bosId, long eosId, long padId) {

    /** Checks ranges; the message names the field. */
    public CaptionDecoderConfig validate() throws ConfigException {
        if (vocabSize <= 0 || dim <= 0 || layers <= 0 || heads <= 0 || maxLength < 2 || memoryDim <= 0) {
            throw new ConfigException("caption decoder: vocabSize, dim, layers, heads, memoryDim must be positive"
                    + " and maxLength >= 2: " + this);
        }
        if (dim % heads != 0) {
            throw new ConfigException("caption decoder: dim " + dim + " is not divisible by heads " + heads);
        }
        if (mlpRatio <= 0) {
            throw new ConfigException("caption decoder: mlpRatio must be positive: " + mlpRatio);
        }
        for (long id : new long[] {bosId, eosId, padId}) {
            if (id < 0 || id >= vocabSize) {
                throw new ConfigException("caption decoder: special token id " + id + " outside [0, " + vocabSize
                        + ")");
            }
        }
        return this;
    }
}
