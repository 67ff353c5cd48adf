package dev.listkit.core.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.FilterProvider;
import dev.listkit.core.lexicon.WordNet;

/** {@code heuristics}: length, repetition and language checks (local). */
public final class HeuristicsFilterProvider implements FilterProvider {
    @Override
    public String id() {
        return "heuristics";
    }

    @Override
    public String description() {
        return "rejects captions outside minWords..maxWords, looping on a word or bigram, or not English-looking";
    }

    @Override
    public CaptionFilter create(JsonNode config) throws ConfigException {
        HeuristicsConfig c = HeuristicsConfig.from(config);
        if ("wordnet".equals(c.vocabulary())) {
            WordNet.preload(); // loads while the engine opens its model, not inside the first shard
        }
        return new HeuristicsFilter(c);
    }
}
