package dev.listkit.audio.encoder;

import dev.listkit.core.ConfigException;

/**
 * An AST-like patch transformer over a {@code (1, mels, frames)} log-mel.
 *
 * @param mels input mel bands F (must be divisible by {@code patchMels})
 * @param frames input frames T (must be divisible by {@code patchFrames})
 * @param patchMels patch height in mel bands
 * @param patchFrames patch width in frames
 * @param dim token width D (divisible by {@code heads})
 * @param depth number of pre-norm transformer blocks
 * @param heads attention heads
 * @param mlpRatio hidden width of the MLP as a multiple of D
 */
public record PatchTransformerConfig(int mels, int frames, int patchMels, int patchFrames, int dim, int depth,
        int heads, int mlpRatio) {

    /** A small CPU preset: 16x16 patches, D=192, 4 blocks, 3 heads. */
    public static PatchTransformerConfig small(int mels, int frames) {
        return new PatchTransformerConfig(mels, frames, 16, 16, 192, 4, 3, 4);
    }

    /** Number of tokens N = (F / pf) * (T / pt). */
    public int tokens() {
        return (mels / patchMels) * (frames / patchFrames);
    }

    public PatchTransformerConfig validate() throws ConfigException {
        if (mels <= 0 || frames <= 0 || patchMels <= 0 || patchFrames <= 0 || mels % patchMels != 0
                || frames % patchFrames != 0) {
            throw new ConfigException("patch transformer: mels " + mels + " / frames " + frames
                    + " must be positive multiples of the patch size " + patchMels + "x" + patchFrames);
        }
        if (dim <= 0 || heads <= 0 || dim % heads != 0 || depth < 0 || mlpRatio <= 0) {
            throw new ConfigException("patch transformer: dim " + dim + " must be a positive multiple of heads "
                    + heads + "; depth >= 0, mlpRatio > 0");
        }
        return this;
    }
}
