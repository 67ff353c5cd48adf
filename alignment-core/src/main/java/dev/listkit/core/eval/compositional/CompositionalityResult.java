package dev.listkit.core.eval.compositional;

import java.util.Map;

/**
 * How often a model scores the positive caption above its hard negative, per kind (SugarCrepe's accuracy;
 * a tie counts half, so a model that cannot tell them apart is at the chance level of 50 %).
 *
 * @param seed      the benchmark's seed
 * @param items     items of the benchmark
 * @param positives reference captions given
 * @param unknown   positives left out for a word WordNet does not know
 * @param pairs     pairs scored
 * @param chance    the accuracy of guessing: 0.5
 * @param kinds     per {@link NegativeKind#id}, every kind of the benchmark (pairs 0 and accuracy null when none
 *                  could be made)
 * @param mean      the mean accuracy over the kinds that have pairs (null when none has)
 */
public record CompositionalityResult(long seed, int items, int positives, int unknown, int pairs, double chance,
                                     Map<String, KindAccuracy> kinds, Double mean) {
    public CompositionalityResult {
        kinds = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(kinds));
    }

    /**
     * The accuracy on one kind.
     *
     * @param pairs         pairs of this kind
     * @param correct       pairs whose positive scored strictly higher
     * @param ties          pairs whose two scores were equal (counted half)
     * @param accuracy      (correct + ties / 2) / pairs, null without pairs
     * @param standardError the binomial standard error sqrt(a (1 - a) / pairs), null without pairs
     */
    public record KindAccuracy(int pairs, int correct, int ties, Double accuracy, Double standardError) {
    }
}
