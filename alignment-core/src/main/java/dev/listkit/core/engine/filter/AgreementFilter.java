package dev.listkit.core.engine.filter;

import com.fasterxml.jackson.databind.JsonNode;
import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.PluginConfig;
import dev.listkit.core.engine.Words;
import dev.listkit.core.util.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Local filter {@code agreement}: keeps a sample only when at least {@code minAgree} of its k caption
 * candidates (and, with {@code metadataKeys}, its metadata values such as a tagger's tags, one voter each)
 * share its main concept — the concept of its final caption that the most voters name
 * ({@link Words#mainConcept}). A captioner that names the same thing in most of its k samples is confident
 * about it (the self-consistency that FixMatch and Noisy Student get from agreeing views); one whose
 * candidates scatter over several concepts is guessing. The vote count is kept as {@code scores.agreement}.
 *
 * <pre>{@code {"id": "agreement", "minAgree": 3}                         // 3 of the k candidates
 * {"id": "agreement", "minAgree": 2, "metadataKeys": ["tags"]}    // the tags vote too}</pre>
 */
public final class AgreementFilter implements CaptionFilter {
    /** Score key of the vote count. */
    public static final String SCORE = "agreement";

    /**
     * @param minAgree     keep a sample when at least this many voters name its main concept (required, >= 1)
     * @param metadataKeys metadata values that vote beside the candidates, one voter per key present (default none)
     */
    public record Config(Integer minAgree, List<String> metadataKeys) {
        static final String WHAT = "agreement filter config";

        public Config {
            metadataKeys = metadataKeys == null ? List.of() : List.copyOf(metadataKeys);
        }

        /** Binds and checks; the message names the key. */
        public static Config from(JsonNode node) throws ConfigException {
            Config c = Json.bind(PluginConfig.orEmpty(node), Config.class, WHAT);
            FilterConfigs.require(c.minAgree != null, WHAT, "key 'minAgree' is required (e.g. 2 of 4 candidates)");
            FilterConfigs.require(c.minAgree >= 1, WHAT, "minAgree must be >= 1, got " + c.minAgree);
            return c;
        }
    }

    private final Config config;

    public AgreementFilter(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "agreement";
    }

    @Override
    public boolean global() {
        return false;
    }

    @Override
    public void apply(List<EngineItem> items, EngineContext ctx) {
        Set<String> medium = ctx.mediumWords();
        for (EngineItem it : items) {
            if (!it.alive()) {
                continue;
            }
            List<String> voters = new ArrayList<>(it.candidates());
            for (String key : config.metadataKeys()) {
                String v = it.metadata().get(key);
                if (v != null && !v.isBlank()) {
                    voters.add(v);
                }
            }
            String concept = Words.mainConcept(it.caption(), voters, medium);
            int votes = concept == null ? 0 : Words.votes(concept, voters, medium);
            it.scores().put(SCORE, (double) votes);
            if (concept == null) {
                it.reject(id(), "the caption names no concept");
            } else if (votes < config.minAgree()) {
                it.reject(id(), votes + " of " + voters.size() + " voters name '" + concept + "' (min "
                        + config.minAgree() + ")");
            }
        }
    }
}
