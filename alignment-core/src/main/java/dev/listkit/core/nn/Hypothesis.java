package dev.listkit.core.nn;

/**
 * A decoded caption.
 *
 * @param tokens token ids without BOS and EOS
 * @param score length-normalised log-probability (beam search) or summed log-probability (sampling)
 */
public record Hypothesis(long[] tokens, double score) {
    public Hypothesis {
        tokens = tokens.clone();
    }

    @Override
    public long[] tokens() {
        return tokens.clone();
    }
}
