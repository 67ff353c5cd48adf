package dev.listkit.core.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.FilterProvider;

/** {@code balance}: MetaCLIP-style cap per concept (global). */
public final class BalanceFilterProvider implements FilterProvider {
    @Override
    public String id() {
        return "balance";
    }

    @Override
    public String description() {
        return "keeps an item (best score first) while one of its caption's content words has < maxPerConcept kept items";
    }

    @Override
    public CaptionFilter create(JsonNode config) throws ConfigException {
        return new BalanceFilter(BalanceConfig.from(config));
    }
}
