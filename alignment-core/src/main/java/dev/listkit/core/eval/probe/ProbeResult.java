package dev.listkit.core.eval.probe;

/**
 * A linear probe's scores.
 *
 * @param trainItems    items fitted on
 * @param testItems     items scored
 * @param classes       classes
 * @param l2            the L2 strength used
 * @param selection     how {@code l2} was chosen on a validation part of the training items (null when given)
 * @param top1          test top-1 accuracy
 * @param top5          test top-5 accuracy
 * @param chance        top-1 accuracy of guessing: 1 / classes
 * @param trainTop1     top-1 accuracy on the training items
 * @param shuffledTop1  test top-1 of the same probe fitted on the training labels shuffled (seeded): a control
 *                      that should sit near {@code chance}; far above it means the split leaks
 * @param loss          the objective at the fitted optimum
 */
public record ProbeResult(int trainItems, int testItems, int classes, double l2, LinearProbe.Selection selection,
                          double top1, double top5, double chance, double trainTop1, double shuffledTop1,
                          double loss) {
}
