package dev.listkit.core.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.FilterProvider;

/** {@code agreement}: at least m of a sample's k candidates share its main concept (local). */
public final class AgreementFilterProvider implements FilterProvider {
    @Override
    public String id() {
        return "agreement";
    }

    @Override
    public String description() {
        return "keeps a sample when >= minAgree of its k candidates (and metadataKeys values) name its main concept";
    }

    @Override
    public CaptionFilter create(JsonNode config) throws ConfigException {
        return new AgreementFilter(AgreementFilter.Config.from(config));
    }
}
