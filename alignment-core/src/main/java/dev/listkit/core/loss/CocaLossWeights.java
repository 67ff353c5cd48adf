package dev.listkit.core.loss;

/**
 * Weights of the CoCa objective {@code contrastiveWeight · L_con + captionWeight · L_cap}. CoCa uses
 * 1 and 2; open_clip's defaults are 1 and 2 as well.
 *
 * @param contrastiveWeight ≥ 0
 * @param captionWeight ≥ 0
 */
public record CocaLossWeights(double contrastiveWeight, double captionWeight) {
    /** Validates that both weights are finite, non-negative and not both zero. */
    public CocaLossWeights {
        if (!(contrastiveWeight >= 0) || !(captionWeight >= 0)
                || Double.isInfinite(contrastiveWeight) || Double.isInfinite(captionWeight)) {
            throw new IllegalArgumentException("CoCa loss weights must be finite and >= 0, got "
                    + contrastiveWeight + ", " + captionWeight);
        }
        if (contrastiveWeight == 0 && captionWeight == 0) {
            throw new IllegalArgumentException("CoCa loss weights are both 0: nothing would be trained");
        }
    }

    /** CoCa's weights: contrastive 1, caption 2. */
    public static CocaLossWeights coca() {
        return new CocaLossWeights(1, 2);
    }
}
