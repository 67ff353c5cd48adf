package dev.listkit.core.config;

import dev.listkit.core.ConfigException;
import java.util.List;

/**
 * How to generate captions: {@code greedy}, {@code beam} (best of {@code beamSize} beams) or
 * {@code nucleus} ({@code candidates} samples per input with top-p / temperature under a seed).
 *
 * @param kind          greedy, beam or nucleus
 * @param beamSize      beams for {@code beam}
 * @param lengthPenalty length-normalisation exponent for {@code beam}
 * @param topP          nucleus mass for {@code nucleus}
 * @param temperature   softmax temperature for {@code nucleus}
 * @param candidates    captions per input for {@code nucleus} (1 otherwise)
 * @param seed          sampling seed for {@code nucleus}
 * @param maxTokens     new tokens at most
 */
public record CaptionStrategy(String kind, int beamSize, float lengthPenalty, float topP, float temperature,
                              int candidates, long seed, int maxTokens) {
    /** Accepted kinds. */
    public static final List<String> KINDS = List.of("greedy", "beam", "nucleus");

    /** Greedy decoding of at most {@code maxTokens} tokens. */
    public static CaptionStrategy greedy(int maxTokens) {
        return new CaptionStrategy("greedy", 1, 0f, 1f, 1f, 1, 0, maxTokens);
    }

    /** Checks the kind and ranges. */
    public CaptionStrategy validate() throws ConfigException {
        if (!KINDS.contains(kind)) {
            throw new ConfigException("unknown caption strategy '" + kind + "'; accepted: " + KINDS);
        }
        if (beamSize < 1 || candidates < 1 || maxTokens < 1 || !(topP > 0 && topP <= 1) || !(temperature > 0)) {
            throw new ConfigException("caption strategy: beamSize, candidates, maxTokens >= 1, topP in (0, 1],"
                    + " temperature > 0: " + this);
        }
        return this;
    }
}
