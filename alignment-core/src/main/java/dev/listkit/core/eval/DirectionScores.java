package dev.listkit.core.eval;

/**
 * Retrieval scores in one direction.
 *
 * @param r1 recall at 1
 * @param r5 recall at 5
 * @param r10 recall at 10
 * @param medianRank median 1-based rank of the first correct result (numpy convention: the mean of
 *     the two middle values for an even count)
 * @param meanRank mean 1-based rank of the first correct result
 */
public record DirectionScores(double r1, double r5, double r10, double medianRank, double meanRank) {
}
