package dev.listkit.core.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.PluginConfig;
import dev.listkit.core.util.Json;

/**
 * Settings of the {@code heuristics} filter; every key is optional.
 *
 * <pre>{@code {"type": "heuristics", "minWords": 3, "maxWords": 40, "maxRepeatFraction": 0.3,
 *  "maxRepeatedBigramFraction": 0.35, "minAlphaFraction": 0.8, "vocabulary": "wordnet", "minKnownFraction": 0.6}}</pre>
 *
 * @param minWords                  reject captions with fewer words (default 2)
 * @param maxWords                  reject captions with more words (default 40)
 * @param maxRepeatFraction         reject when more than this fraction of the words repeat an earlier content
 *                                  word ({@code a dog dog dog dog}: 3 of 5 = 0.6; default 0.3)
 * @param maxRepeatedBigramFraction reject when more than this fraction of the word bigrams repeat an earlier
 *                                  bigram ({@code on the grass on the grass on the grass}: 0.42; default 0.35, which "a man in a
 *                                  white shirt and a man in a black shirt" (0.27) passes)
 * @param minAlphaFraction          reject when fewer than this fraction of the space-separated tokens
 *                                  (surrounding punctuation stripped) are plain ASCII letters (default 0.8)
 * @param vocabulary                the language check: {@code wordnet} (default: at least {@code minKnownFraction}
 *                                  of the words are English function words or WordNet lemmas),
 *                                  {@code function-words} (at least one English function word) or {@code none}
 * @param minKnownFraction          with {@code vocabulary: wordnet}, the fraction of known words required
 *                                  (default 0.6; WordNet knows "un", "en" and "el", so Spanish
 *                                  "un perro corriendo en el parque" scores 3 of 6)
 */
public record HeuristicsConfig(Integer minWords, Integer maxWords, Double maxRepeatFraction,
                               Double maxRepeatedBigramFraction, Double minAlphaFraction, String vocabulary,
                               Double minKnownFraction) {
    static final String WHAT = "heuristics filter config";

    public HeuristicsConfig {
        minWords = minWords == null ? 2 : minWords;
        maxWords = maxWords == null ? 40 : maxWords;
        maxRepeatFraction = maxRepeatFraction == null ? 0.3 : maxRepeatFraction;
        maxRepeatedBigramFraction = maxRepeatedBigramFraction == null ? 0.35 : maxRepeatedBigramFraction;
        minAlphaFraction = minAlphaFraction == null ? 0.8 : minAlphaFraction;
        vocabulary = vocabulary == null ? "wordnet" : vocabulary;
        minKnownFraction = minKnownFraction == null ? 0.6 : minKnownFraction;
    }

    /** Binds and checks ranges; the message names the key. */
    public static HeuristicsConfig from(JsonNode node) throws ConfigException {
        HeuristicsConfig c = Json.bind(PluginConfig.orEmpty(node), HeuristicsConfig.class, WHAT);
        FilterConfigs.require(c.minWords >= 1, WHAT, "minWords must be >= 1, got " + c.minWords);
        FilterConfigs.require(c.maxWords >= c.minWords, WHAT,
                "maxWords must be >= minWords (" + c.minWords + "), got " + c.maxWords);
        FilterConfigs.require(c.maxRepeatFraction >= 0 && c.maxRepeatFraction <= 1, WHAT,
                "maxRepeatFraction must be in [0, 1], got " + c.maxRepeatFraction);
        FilterConfigs.require(c.maxRepeatedBigramFraction >= 0 && c.maxRepeatedBigramFraction <= 1, WHAT,
                "maxRepeatedBigramFraction must be in [0, 1], got " + c.maxRepeatedBigramFraction);
        FilterConfigs.require(c.minAlphaFraction >= 0 && c.minAlphaFraction <= 1, WHAT,
                "minAlphaFraction must be in [0, 1], got " + c.minAlphaFraction);
        FilterConfigs.require(c.minKnownFraction > 0 && c.minKnownFraction <= 1, WHAT,
                "minKnownFraction must be in (0, 1], got " + c.minKnownFraction);
        FilterConfigs.require(java.util.List.of("wordnet", "function-words", "none").contains(c.vocabulary), WHAT,
                "vocabulary must be one of wordnet, function-words, none; got '" + c.vocabulary + "'");
        return c;
    }
}
