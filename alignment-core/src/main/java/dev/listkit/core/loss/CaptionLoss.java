package dev.listkit.core.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import dev.listkit.core.nn.Scalars;

/**
 * Token cross-entropy for a caption decoder, averaged over non-pad target positions, with optional
 * label smoothing that matches {@code torch.nn.functional.cross_entropy(logits, targets,
 * ignore_index=padId, label_smoothing=ε)}: per position
 * {@code (1−ε)·(−log p_y) + ε·mean_v(−log p_v)}.
 *
 * @param padId target id whose positions are ignored (may lie outside {@code [0, V)}, e.g. −100)
 * @param labelSmoothing ε in {@code [0, 1)}
 */
public record CaptionLoss(int padId, double labelSmoothing) {
    /** Validates ε. */
    public CaptionLoss {
        if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
            throw new IllegalArgumentException("labelSmoothing must be in [0, 1), got " + labelSmoothing);
        }
    }

    /**
     * The mean loss over non-pad positions.
     *
     * @param logits (B, T, V) unnormalised next-token scores
     * @param targets (B, T) integer token ids; {@code padId} marks ignored positions
     * @return () loss in nats; 0 when every position is padding (the caller gets no NaN)
     */
    public NDArray compute(NDArray logits, NDArray targets) {
        if (logits.getShape().dimension() != 3 || targets.getShape().dimension() != 2
                || logits.getShape().get(0) != targets.getShape().get(0)
                || logits.getShape().get(1) != targets.getShape().get(1)) {
            throw new IllegalArgumentException("expected logits (B, T, V) and targets (B, T), got "
                    + logits.getShape() + " and " + targets.getShape());
        }
        NDArray ids = targets.toType(DataType.INT64, false); // (B, T)
        NDArray keep = ids.neq(padId).toType(DataType.INT64, false); // (B, T) 1 = real token
        NDArray safeIds = ids.mul(keep).expandDims(2); // (B, T, 1): pad positions point at id 0
        NDArray logp = logits.logSoftmax(2); // (B, T, V)
        NDArray nll = logp.gather(safeIds, 2).squeeze(2).neg(); // (B, T)
        NDArray perToken = nll;
        if (labelSmoothing > 0) {
            NDArray uniform = logp.mean(new int[] {2}).neg(); // (B, T) mean_v(-log p_v)
            perToken = Scalars.mul(nll, 1 - labelSmoothing).add(Scalars.mul(uniform, labelSmoothing)); // (B, T)
        }
        NDArray mask = keep.toType(logits.getDataType(), false); // (B, T)
        NDArray count = Scalars.maximum(mask.sum(), 1); // () number of real tokens, at least 1
        return perToken.mul(mask).sum().div(count); // ()
    }
}
