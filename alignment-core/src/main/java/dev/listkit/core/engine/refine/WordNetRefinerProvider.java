package dev.listkit.core.engine.refine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.Refiner;
import dev.listkit.core.engine.RefinerProvider;
import dev.listkit.core.lexicon.WordNet;

/** {@code wordnet}: synonym and hypernym substitution from WordNet 3.1 (extJWNL). */
public final class WordNetRefinerProvider implements RefinerProvider {
    @Override
    public String id() {
        return "wordnet";
    }

    @Override
    public String description() {
        return "replaces some nouns/verbs with a WordNet synonym or hypernym (seeded per item; stop words kept)";
    }

    @Override
    public Refiner create(JsonNode config) throws ConfigException {
        WordNetRefinerConfig c = WordNetRefinerConfig.from(config);
        WordNet.preload(); // loads while the engine opens its model, not inside the first shard
        return new WordNetRefiner(c);
    }
}
