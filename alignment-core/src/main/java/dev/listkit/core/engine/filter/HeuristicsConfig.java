package dev.listkit.core.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.PluginConfig;
import dev.listkit.core.util.Json;

/**
 * Settings of the {@code heuristics} filter; every key is optional.
 *
 * <pre>{@code {"type": "heuristics", "minWords": 3, "maxWords": 40, "maxRepeatFraction": 0.3,
 *  "maxRepeatedBigramFraction": 0.35, "minAlphaFraction": 0.8, "vocabulary": "wordnet", "minKnownFraction": 0.6,
 *  "maxNonWords": 0, "allowWords": [], "punctuation": true, "dangling": true, "minContentWords": 1}}</pre>
 *
 * <p>The last five keys make the filter read like a person: "a pig recordingfe." (a word piece glued onto a word),
 * "a. metal." (a full stop after an article, inside the caption) and "toy heard whoei the" (a non-word, and a
 * caption that stops on "the") are rejected; "the sound of a" has no content word.
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
 * @param maxNonWords               with {@code vocabulary: wordnet}, reject captions with more than this many
 *                                  non-words: letters that are neither an English function word, nor (in any
 *                                  inflection, each part of a hyphenated word, with a derivational suffix, or two
 *                                  run together) a WordNet lemma, nor an acronym, nor a word of the sample's own
 *                                  metadata (its tags), nor in {@code allowWords} — typically a decoder's word
 *                                  pieces glued together ("whoei", "recordingfe"), or a typo; default 0
 * @param allowWords                words never counted as non-words (names a recipe's captions use; default none)
 * @param punctuation               reject stray punctuation (default true): a mark must follow a word;
 *                                  {@code , ; :} must be followed by a space and a word; {@code . ! ?} only end the
 *                                  caption or a sentence (a capital letter follows); no mark may follow a function word ("a.", "the,"); other symbols
 *                                  are stray
 * @param dangling                  reject a caption that ends on an article, conjunction, preposition or
 *                                  possessive ("... the", "... of"; default true)
 * @param minContentWords           reject captions with fewer content words: words that are neither function
 *                                  words nor the modality's medium words ("sound", "photo"; default 1)
 */
public record HeuristicsConfig(Integer minWords, Integer maxWords, Double maxRepeatFraction,
                               Double maxRepeatedBigramFraction, Double minAlphaFraction, String vocabulary,
                               Double minKnownFraction, Integer maxNonWords, java.util.List<String> allowWords,
                               Boolean punctuation, Boolean dangling, Integer minContentWords) {
    static final String WHAT = "heuristics filter config";

    public HeuristicsConfig {
        minWords = minWords == null ? 2 : minWords;
        maxWords = maxWords == null ? 40 : maxWords;
        maxRepeatFraction = maxRepeatFraction == null ? 0.3 : maxRepeatFraction;
        maxRepeatedBigramFraction = maxRepeatedBigramFraction == null ? 0.35 : maxRepeatedBigramFraction;
        minAlphaFraction = minAlphaFraction == null ? 0.8 : minAlphaFraction;
        vocabulary = vocabulary == null ? "wordnet" : vocabulary;
        minKnownFraction = minKnownFraction == null ? 0.6 : minKnownFraction;
        maxNonWords = maxNonWords == null ? 0 : maxNonWords;
        allowWords = allowWords == null ? java.util.List.of()
                : allowWords.stream().map(w -> w.toLowerCase(java.util.Locale.ROOT)).toList();
        punctuation = punctuation == null || punctuation;
        dangling = dangling == null || dangling;
        minContentWords = minContentWords == null ? 1 : minContentWords;
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
        FilterConfigs.require(c.maxNonWords >= 0, WHAT, "maxNonWords must be >= 0, got " + c.maxNonWords);
        FilterConfigs.require(c.minContentWords >= 0, WHAT, "minContentWords must be >= 0, got " + c.minContentWords);
        FilterConfigs.require(java.util.List.of("wordnet", "function-words", "none").contains(c.vocabulary), WHAT,
                "vocabulary must be one of wordnet, function-words, none; got '" + c.vocabulary + "'");
        return c;
    }
}
