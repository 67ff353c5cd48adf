package dev.listkit.core.eval.caption;

import java.util.List;

/**
 * Corpus BLEU-1..4.
 *
 * @param bleu {@code bleu.get(n-1)} is BLEU-n, brevity penalty included
 * @param candidateLength total candidate tokens
 * @param referenceLength total effective reference length (closest per candidate)
 */
public record BleuScore(List<Double> bleu, int candidateLength, int referenceLength) {
    /** Copies the list. */
    public BleuScore {
        bleu = List.copyOf(bleu);
    }

    /** BLEU-4. */
    public double bleu4() {
        return bleu.get(3);
    }
}
