package dev.listkit.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.listkit.core.nn.Scalars;

/**
 * Pairwise sigmoid loss of SigLIP (Zhai et al. 2023, Algorithm 1):
 * {@code -Σ_ij log σ(z_ij · (t·âᵢ·b̂ⱼ + bias)) / B} with {@code z_ij = +1} on the diagonal and −1
 * elsewhere, {@code t = exp(t')}. The paper initialises {@code t' = ln 10} and {@code bias = −10}.
 * No cap is applied to {@code t}, as in the paper.
 */
public record SigLipLoss() {
    /** Initial log-temperature {@code t' = ln 10}. */
    public static final double INITIAL_LOG_SCALE = Math.log(10);
    /** Initial bias −10. */
    public static final double INITIAL_BIAS = -10;

    /** New learnable log-scale at {@code ln 10}: () float32 owned by {@code manager}, gradient attached. */
    public static NDArray newLogScale(NDManager manager) {
        NDArray t = manager.create((float) INITIAL_LOG_SCALE); // ()
        t.setRequiresGradient(true);
        return t;
    }

    /** New learnable bias at −10: () float32 owned by {@code manager}, gradient attached. */
    public static NDArray newBias(NDManager manager) {
        NDArray bias = manager.create((float) INITIAL_BIAS); // ()
        bias.setRequiresGradient(true);
        return bias;
    }

    /**
     * The loss.
     *
     * @param a (B, D), normalised here along D
     * @param b (B, D), row i paired with row i of {@code a}, normalised here along D
     * @param logScale () learnable {@code t'}
     * @param bias () learnable bias
     * @return () loss: sum over all B² pairs divided by B
     */
    public NDArray compute(NDArray a, NDArray b, NDArray logScale, NDArray bias) {
        Embeddings.requireSameBatch(a, b);
        long batch = a.getShape().get(0);
        NDArray an = Embeddings.l2Normalize(a); // (B, D)
        NDArray bn = Embeddings.l2Normalize(b); // (B, D)
        NDArray logits = an.matMul(bn.transpose()).mul(logScale.exp()).add(bias); // (B, B)
        NDArray eye = logits.getManager().eye((int) batch).toType(DataType.FLOAT32, false); // (B, B)
        NDArray labels = Scalars.mul(eye, 2).sub(1f); // (B, B): +1 diagonal, -1 elsewhere
        // -log σ(x) = softplus(-x), computed stably as max(-x, 0) + log(1 + exp(-|x|))
        NDArray x = labels.mul(logits); // (B, B)
        NDArray negLogSigmoid = Scalars.maximum(x.neg(), 0).add(x.abs().neg().exp().add(1f).log()); // (B, B)
        return Scalars.div(negLogSigmoid.sum(), batch); // ()
    }
}
