package dev.listkit.core.loss;

import ai.djl.ndarray.NDArray;
import dev.listkit.core.nn.Scalars;

/**
 * The CoCa objective: weighted symmetric InfoNCE on pooled embeddings plus captioning
 * cross-entropy on decoder logits.
 *
 * @param weights the two weights
 * @param contrastive the InfoNCE part
 * @param caption the captioning part
 */
public record CocaLoss(CocaLossWeights weights, ClipLoss contrastive, CaptionLoss caption) {
    /** Rejects null parts. */
    public CocaLoss {
        if (weights == null || contrastive == null || caption == null) {
            throw new IllegalArgumentException("CocaLoss parts must not be null");
        }
    }

    /** The three scalars of one step; all are attached to the manager of {@code a}. */
    public record Output(NDArray total, NDArray contrastive, NDArray caption) {
    }

    /**
     * Computes the weighted sum and its parts.
     *
     * @param a (B, D) first embeddings
     * @param b (B, D) paired embeddings
     * @param logScale () learnable log-scale of the contrastive part
     * @param logits (B, T, V) caption decoder logits
     * @param targets (B, T) caption target ids
     * @return total () and the unweighted parts ()
     */
    public Output compute(NDArray a, NDArray b, NDArray logScale, NDArray logits, NDArray targets) {
        NDArray con = contrastive.compute(a, b, logScale); // ()
        NDArray cap = caption.compute(logits, targets); // ()
        NDArray total = Scalars.mul(con, weights.contrastiveWeight())
                .add(Scalars.mul(cap, weights.captionWeight())); // ()
        return new Output(total, con, cap);
    }
}
