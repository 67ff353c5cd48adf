package dev.listkit.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import dev.listkit.core.nn.Scalars;

/**
 * Symmetric InfoNCE of CLIP: {@code (CE(s·a·bᵀ, diag) + CE(s·b·aᵀ, diag)) / 2}, with the
 * temperature learned as a log-scale {@code t} and {@code s = min(exp(t), maxScale)}.
 *
 * <p>open_clip clamps the parameter in place after each optimiser step
 * ({@code logit_scale.clamp_(0, ln 100)}); {@link #clampInPlace} does the same. The forward pass here
 * also caps {@code exp(t)} at {@code maxScale}, so a scale above the cap gives no gradient.
 *
 * @param maxScale the cap on {@code exp(logScale)}; open_clip uses 100
 */
public record ClipLoss(double maxScale) {
    /** CLIP's initial log-scale, {@code ln(1/0.07)} ≈ 2.6593. */
    public static final double INITIAL_LOG_SCALE = Math.log(1 / 0.07);
    /** open_clip's cap on the logit scale. */
    public static final double DEFAULT_MAX_SCALE = 100.0;

    /** Validates the cap. */
    public ClipLoss {
        if (!(maxScale > 0) || Double.isInfinite(maxScale)) {
            throw new IllegalArgumentException("maxScale must be a positive finite number, got " + maxScale);
        }
    }

    /** The open_clip setting: cap 100. */
    public static ClipLoss defaults() {
        return new ClipLoss(DEFAULT_MAX_SCALE);
    }

    /**
     * A new learnable log-scale at CLIP's initial value, gradient attached.
     *
     * @return () float32, owned by {@code manager}
     */
    public static NDArray newLogScale(NDManager manager) {
        NDArray t = manager.create((float) INITIAL_LOG_SCALE); // ()
        t.setRequiresGradient(true);
        return t;
    }

    /**
     * The effective scale {@code min(exp(logScale), maxScale)}.
     *
     * @param logScale () learnable log-scale
     * @return () scale
     */
    public NDArray scale(NDArray logScale) {
        return Scalars.minimum(logScale.exp(), maxScale); // ()
    }

    /**
     * Clamps the parameter itself to {@code [0, ln maxScale]} as open_clip does after each step. Call
     * it outside a gradient collector.
     */
    public void clampInPlace(NDArray logScale) {
        NDArray clamped = logScale.clip(0f, (float) Math.log(maxScale));
        logScale.set(clamped.toFloatArray());
        clamped.close();
    }

    /**
     * Scaled similarity logits, rows indexed by {@code a}.
     *
     * @param a (B, D), normalised here along D
     * @param b (B, D), normalised here along D
     * @param logScale () learnable log-scale
     * @return (B, B) logits {@code s · â · b̂ᵀ}
     */
    public NDArray logits(NDArray a, NDArray b, NDArray logScale) {
        Embeddings.requireSameBatch(a, b);
        NDArray an = Embeddings.l2Normalize(a); // (B, D)
        NDArray bn = Embeddings.l2Normalize(b); // (B, D)
        return an.matMul(bn.transpose()).mul(scale(logScale)); // (B, B)
    }

    /**
     * The symmetric loss, averaged over the batch.
     *
     * @param a (B, D)
     * @param b (B, D), row i paired with row i of {@code a}
     * @param logScale () learnable log-scale
     * @return () loss in nats
     */
    public NDArray compute(NDArray a, NDArray b, NDArray logScale) {
        NDArray logits = logits(a, b, logScale); // (B, B)
        long batch = logits.getShape().get(0);
        NDArray eye = logits.getManager().eye((int) batch).toType(DataType.FLOAT32, false); // (B, B)
        // row-wise log-softmax picks "which b matches a_i", column-wise "which a matches b_j"
        NDArray aToB = Scalars.div(logits.logSoftmax(1).mul(eye).sum().neg(), batch); // ()
        NDArray bToA = Scalars.div(logits.logSoftmax(0).mul(eye).sum().neg(), batch); // ()
        return Scalars.div(aToB.add(bToA), 2); // ()
    }
}
