package dev.listkit.core.eval.caption;

import java.util.List;

/**
 * CIDEr-D of a corpus.
 *
 * @param mean the corpus score (mean over candidates)
 * @param perCandidate the score of each candidate, in input order
 */
public record CiderScore(double mean, List<Double> perCandidate) {
    /** Copies the list. */
    public CiderScore {
        perCandidate = List.copyOf(perCandidate);
    }
}
