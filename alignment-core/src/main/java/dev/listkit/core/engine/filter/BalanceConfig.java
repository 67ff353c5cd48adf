package dev.listkit.core.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.PluginConfig;
import dev.listkit.core.util.Json;

/**
 * Settings of the {@code balance} filter.
 *
 * <pre>{@code {"type": "balance", "maxPerConcept": 200, "scoreKey": "alignment"}}</pre>
 *
 * @param maxPerConcept required: an item is kept while at least one of its concepts has fewer than this many
 *                      kept items (MetaCLIP's t; there 20k for 400M pairs, a few hundred suits a pool of
 *                      thousands)
 * @param scoreKey      items are visited by this score, highest first; items without it come last, ties keep
 *                      input order (default {@code alignment})
 */
public record BalanceConfig(Integer maxPerConcept, String scoreKey) {
    static final String WHAT = "balance filter config";

    public BalanceConfig {
        scoreKey = scoreKey == null ? "alignment" : scoreKey;
    }

    /** Binds and checks ranges; the message names the key. */
    public static BalanceConfig from(JsonNode node) throws ConfigException {
        BalanceConfig c = Json.bind(PluginConfig.orEmpty(node), BalanceConfig.class, WHAT);
        FilterConfigs.require(c.maxPerConcept != null, WHAT, "key 'maxPerConcept' is required (e.g. 200)");
        FilterConfigs.require(c.maxPerConcept >= 1, WHAT, "maxPerConcept must be >= 1, got " + c.maxPerConcept);
        FilterConfigs.require(!c.scoreKey.isBlank(), WHAT, "scoreKey must not be blank");
        return c;
    }
}
