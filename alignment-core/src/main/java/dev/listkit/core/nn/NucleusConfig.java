package dev.listkit.core.nn;

/**
 * Nucleus (top-p) sampling settings.
 *
 * @param topP keep the smallest set of most likely tokens whose probability sums to at least topP (0, 1]
 * @param temperature logits are divided by this (> 0) before the softmax
 * @param candidates k captions sampled per input
 * @param seed the same seed, inputs and model give the same captions
 * @param maxNewTokens at most this many tokens per caption, EOS included
 */
public record NucleusConfig(float topP, float temperature, int candidates, long seed, int maxNewTokens) {
    public NucleusConfig {
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1]: " + topP);
        }
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be > 0: " + temperature);
        }
        if (candidates < 1 || maxNewTokens < 1) {
            throw new IllegalArgumentException("candidates and maxNewTokens must be >= 1: " + candidates + ", "
                    + maxNewTokens);
        }
    }
}
