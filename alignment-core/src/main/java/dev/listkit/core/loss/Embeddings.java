package dev.listkit.core.loss;

import ai.djl.ndarray.NDArray;

/** Differentiable helpers on embedding batches. */
public final class Embeddings {
    /** Floor of the L2 norm, as {@code torch.nn.functional.normalize(eps=1e-12)}. */
    public static final float NORM_EPS = 1e-12f;

    private Embeddings() {
    }

    /**
     * L2-normalises each row of {@code x}: {@code x / max(||x||, 1e-12)}.
     *
     * @param x (B, D)
     * @return (B, D), attached to {@code x}'s manager
     */
    public static NDArray l2Normalize(NDArray x) {
        if (x.getShape().dimension() != 2) {
            throw new IllegalArgumentException("expected (B, D) embeddings, got " + x.getShape());
        }
        // sqrt(|x|² + eps²) rather than max(|x|, eps): the gradient of |x| is 0/0 = NaN at x = 0 (a silent
        // crop through a ReLU encoder can give an all-zero embedding), this one is 0 there.
        NDArray norm = x.square().sum(new int[] {1}, true).add(NORM_EPS * NORM_EPS).sqrt(); // (B, 1)
        return x.div(norm); // (B, D)
    }

    static void requireSameBatch(NDArray a, NDArray b) {
        if (a.getShape().dimension() != 2 || !a.getShape().equals(b.getShape())) {
            throw new IllegalArgumentException("expected a and b both (B, D), got " + a.getShape() + " and " + b.getShape());
        }
    }
}
