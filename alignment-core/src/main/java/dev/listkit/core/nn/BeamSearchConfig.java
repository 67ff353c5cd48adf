package dev.listkit.core.nn;

/**
 * Beam search settings.
 *
 * @param beamSize W live hypotheses per input; 1 reproduces greedy decoding
 * @param lengthPenalty alpha: a finished hypothesis scores sum(log p) / length^alpha (length counts EOS);
 *     0 = raw log-probability, 1 = per-token average, larger values favour longer captions
 * @param maxNewTokens at most this many tokens per caption, EOS included
 */
public record BeamSearchConfig(int beamSize, float lengthPenalty, int maxNewTokens) {
    public BeamSearchConfig {
        if (beamSize < 1) {
            throw new IllegalArgumentException("beamSize must be >= 1: " + beamSize);
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be >= 1: " + maxNewTokens);
        }
    }
}
