package dev.listkit.core.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.PluginConfig;
import dev.listkit.core.util.Json;

/**
 * Settings of the {@code dedupe} filter; every key is optional.
 *
 * <pre>{@code {"type": "dedupe", "threshold": 0.8, "maxPerCaption": 1, "scoreKey": "alignment"}}</pre>
 *
 * @param threshold     two captions are near-duplicates when the Jaccard similarity of their normalised word
 *                      sets is at least this, in (0, 1] (1 = same words; default 0.8)
 * @param maxPerCaption keep at most this many items per near-duplicate group (default 1)
 * @param scoreKey      score that decides which items of a group are kept, highest first; items without it
 *                      come last, ties keep input order (default {@code alignment})
 */
public record DedupeConfig(Double threshold, Integer maxPerCaption, String scoreKey) {
    static final String WHAT = "dedupe filter config";

    public DedupeConfig {
        threshold = threshold == null ? 0.8 : threshold;
        maxPerCaption = maxPerCaption == null ? 1 : maxPerCaption;
        scoreKey = scoreKey == null ? "alignment" : scoreKey;
    }

    /** Binds and checks ranges; the message names the key. */
    public static DedupeConfig from(JsonNode node) throws ConfigException {
        DedupeConfig c = Json.bind(PluginConfig.orEmpty(node), DedupeConfig.class, WHAT);
        FilterConfigs.require(c.threshold > 0 && c.threshold <= 1, WHAT,
                "threshold must be in (0, 1], got " + c.threshold);
        FilterConfigs.require(c.maxPerCaption >= 1, WHAT, "maxPerCaption must be >= 1, got " + c.maxPerCaption);
        FilterConfigs.require(!c.scoreKey.isBlank(), WHAT, "scoreKey must not be blank");
        return c;
    }
}
