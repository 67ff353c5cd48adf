package dev.listkit.core.train;

import ai.djl.ndarray.NDArray;
import java.util.Map;

/**
 * A micro-batch loss: the scalar {@code total} to differentiate and optional named parts (e.g.
 * {@code contrastive}, {@code caption}) that are only logged. All arrays live in the step manager.
 */
public record StepLoss(NDArray total, Map<String, NDArray> parts) {
    public StepLoss {
        parts = Map.copyOf(parts);
    }

    /** A loss without parts. */
    public static StepLoss of(NDArray total) {
        return new StepLoss(total, Map.of());
    }
}
