package dev.listkit.core.engine.filter;

import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.lexicon.CaptionWords;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Global filter {@code balance}: MetaCLIP-style concept balancing. A caption's concepts are its content
 * words ({@link CaptionWords#contentWords}: lower case, stop words removed, plurals stripped). Items are
 * visited best score first; an item is kept when at least one of its concepts has fewer than
 * {@code maxPerConcept} kept items, and then counts for all of its concepts; otherwise it is rejected with
 * the reason naming its most frequent concept. Frequent concepts ("man", "dog", "water") are thereby
 * capped while every item that brings a rare concept survives. Items without any content word are kept
 * (there is nothing to balance). Deterministic: the order depends only on the scores and the input order.
 */
public final class BalanceFilter implements CaptionFilter {
    private final BalanceConfig config;

    public BalanceFilter(BalanceConfig config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "balance";
    }

    @Override
    public boolean global() {
        return true;
    }

    @Override
    public void apply(List<EngineItem> items, EngineContext ctx) {
        Map<String, Integer> kept = new HashMap<>();
        int cap = config.maxPerConcept();
        for (EngineItem it : FilterConfigs.liveByScore(items, config.scoreKey())) {
            List<String> concepts = CaptionWords.contentWords(it.caption() == null ? "" : it.caption());
            boolean keep = concepts.isEmpty();
            String top = null;
            int topCount = -1;
            for (String c : concepts) {
                int n = kept.getOrDefault(c, 0);
                keep |= n < cap;
                if (n > topCount) {
                    top = c;
                    topCount = n;
                }
            }
            if (keep) {
                for (String c : concepts) {
                    kept.merge(c, 1, Integer::sum);
                }
            } else {
                it.reject(id(), "every concept is at the cap of " + cap + " (most frequent: '" + top + "' x"
                        + topCount + ")");
            }
        }
    }
}
