package dev.listkit.core.eval;

/**
 * Top-1 accuracy of one class.
 *
 * @param name class name
 * @param correct items of this class predicted correctly
 * @param total items of this class
 * @param accuracy correct / total, or 0 when the class has no items
 */
public record ClassAccuracy(String name, int correct, int total, double accuracy) {
}
