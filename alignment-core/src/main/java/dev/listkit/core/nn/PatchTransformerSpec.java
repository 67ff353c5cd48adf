package dev.listkit.core.nn;

import dev.listkit.core.ConfigException;

/**
 * Size of a {@link PatchTransformer} over a {@code (C, height, width)} grid: a log-mel (1, mels, frames)
 * for AST-like audio towers, an image (3, S, S) for a ViT.
 *
 * @param height      input height (mel bands, image rows); a multiple of {@code patchHeight}
 * @param width       input width (frames, image columns); whole patches only
 * @param patchHeight patch height
 * @param patchWidth  patch width
 * @param dim         token width D
 * @param depth       transformer blocks
 * @param heads       attention heads
 * @param mlpRatio    MLP width / D
 */
public record PatchTransformerSpec(int height, int width, int patchHeight, int patchWidth, int dim, int depth,
        int heads, int mlpRatio) {

    /** Number of tokens N = (height / patchHeight) * (width / patchWidth). */
    public int tokens() {
        return (height / patchHeight) * (width / patchWidth);
    }

    /** Checks the grid and widths; the message names the values. */
    public PatchTransformerSpec validate() throws ConfigException {
        if (height <= 0 || width <= 0 || patchHeight <= 0 || patchWidth <= 0 || height % patchHeight != 0
                || width % patchWidth != 0) {
            throw new ConfigException("patch transformer: input " + height + "x" + width
                    + " must be a positive multiple of the patch size " + patchHeight + "x" + patchWidth);
        }
        if (dim <= 0 || heads <= 0 || dim % heads != 0 || depth < 0 || mlpRatio <= 0) {
            throw new ConfigException("patch transformer: dim " + dim + " must be a positive multiple of heads "
                    + heads + "; depth >= 0, mlpRatio > 0");
        }
        return this;
    }
}
