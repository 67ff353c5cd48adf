package dev.listkit.core.engine.refine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.Refiner;
import dev.listkit.core.engine.RefinerProvider;
import dev.listkit.core.util.Json;

/** Provides the {@code alttext} refiner. */
public final class AltTextRefinerProvider implements RefinerProvider {
    @Override
    public String id() {
        return "alttext";
    }

    @Override
    public String description() {
        return "re-align candidates with noisy metadata: keep concepts the model scores present, drop the rest";
    }

    @Override
    public Refiner create(JsonNode config) throws ConfigException {
        return new AltTextRefiner(Json.bind(config, AltTextConfig.class, "refiner alttext").validate());
    }
}
