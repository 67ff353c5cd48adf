package dev.listkit.core.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.FilterProvider;
import dev.listkit.core.util.Json;

/** Provides the {@code alignment} filter. */
public final class AlignmentFilterProvider implements FilterProvider {
    @Override
    public String id() {
        return "alignment";
    }

    @Override
    public String description() {
        return "CLIPScore-style: cosine of sample and caption >= minScore and/or the best topFraction";
    }

    @Override
    public CaptionFilter create(JsonNode config) throws ConfigException {
        return new AlignmentFilter(Json.bind(config, AlignmentFilter.Config.class, "filter alignment").validate());
    }
}
