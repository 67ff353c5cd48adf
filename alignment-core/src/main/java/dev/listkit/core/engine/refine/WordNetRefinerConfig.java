package dev.listkit.core.engine.refine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.PluginConfig;
import dev.listkit.core.util.Json;
import java.util.List;

/**
 * Settings of the {@code wordnet} refiner; every key is optional.
 *
 * <pre>{@code {"type": "wordnet", "probability": 0.3, "hypernymProbability": 0.25, "pos": ["noun", "verb"],
 *  "maxSubstitutions": 3, "minUseCount": 1, "maxLemmaWords": 2}}</pre>
 *
 * @param probability         chance that each eligible word (not a stop word, letters only, 3+ letters) is
 *                            replaced (default 0.3)
 * @param hypernymProbability chance that a replacement is a hypernym ({@code dog → canine}) rather than a
 *                            synonym ({@code car → automobile}) (default 0.25)
 * @param pos                 parts of speech to replace: {@code noun}, {@code verb} (default both)
 * @param maxSubstitutions    at most this many replacements per caption (default 3)
 * @param minUseCount         only words whose most frequent WordNet sense has at least this tagged-corpus count
 *                            are replaced: untagged senses are often the wrong one (default 1; 0 = any)
 * @param maxLemmaWords       replacements have at most this many words ({@code go up}: 2; default 2)
 */
public record WordNetRefinerConfig(Double probability, Double hypernymProbability, List<String> pos,
                                   Integer maxSubstitutions, Integer minUseCount, Integer maxLemmaWords) {
    static final String WHAT = "wordnet refiner config";

    public WordNetRefinerConfig {
        probability = probability == null ? 0.3 : probability;
        hypernymProbability = hypernymProbability == null ? 0.25 : hypernymProbability;
        pos = pos == null ? List.of("noun", "verb") : List.copyOf(pos);
        maxSubstitutions = maxSubstitutions == null ? 3 : maxSubstitutions;
        minUseCount = minUseCount == null ? 1 : minUseCount;
        maxLemmaWords = maxLemmaWords == null ? 2 : maxLemmaWords;
    }

    /** Binds and checks ranges; the message names the key. */
    public static WordNetRefinerConfig from(JsonNode node) throws ConfigException {
        WordNetRefinerConfig c = Json.bind(PluginConfig.orEmpty(node), WordNetRefinerConfig.class, WHAT);
        require(c.probability >= 0 && c.probability <= 1, "probability must be in [0, 1], got " + c.probability);
        require(c.hypernymProbability >= 0 && c.hypernymProbability <= 1,
                "hypernymProbability must be in [0, 1], got " + c.hypernymProbability);
        require(!c.pos.isEmpty(), "pos must name at least one of noun, verb");
        for (String p : c.pos) {
            require(p.equals("noun") || p.equals("verb"), "pos: unknown part of speech '" + p + "'; accepted: noun, verb");
        }
        require(c.maxSubstitutions >= 1, "maxSubstitutions must be >= 1, got " + c.maxSubstitutions);
        require(c.maxLemmaWords >= 1, "maxLemmaWords must be >= 1, got " + c.maxLemmaWords);
        require(c.minUseCount >= 0, "minUseCount must be >= 0, got " + c.minUseCount);
        return c;
    }

    private static void require(boolean ok, String message) throws ConfigException {
        if (!ok) {
            throw new ConfigException(WHAT + ": " + message);
        }
    }
}
