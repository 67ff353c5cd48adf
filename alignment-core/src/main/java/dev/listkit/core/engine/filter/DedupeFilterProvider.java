package dev.listkit.core.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.FilterProvider;

/** {@code dedupe}: near-duplicate captions across the round (global). */
public final class DedupeFilterProvider implements FilterProvider {
    @Override
    public String id() {
        return "dedupe";
    }

    @Override
    public String description() {
        return "keeps at most maxPerCaption best-scored items per group of captions with word-set Jaccard >= threshold";
    }

    @Override
    public CaptionFilter create(JsonNode config) throws ConfigException {
        return new DedupeFilter(DedupeConfig.from(config));
    }
}
