package dev.listkit.core.eval;

import java.util.List;

/**
 * Zero-shot classification scores.
 *
 * @param count items evaluated
 * @param top1 fraction with the true class ranked first
 * @param top5 fraction with the true class among the five best (all of them when C ≤ 5)
 * @param perClass top-1 accuracy per class, in label order
 * @param confusion true vs top-1 predicted class
 */
public record ZeroShotResult(int count, double top1, double top5, List<ClassAccuracy> perClass, ConfusionMatrix confusion) {
    /** Copies the list. */
    public ZeroShotResult {
        perClass = List.copyOf(perClass);
    }
}
