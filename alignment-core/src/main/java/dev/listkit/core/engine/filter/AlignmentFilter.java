package dev.listkit.core.engine.filter;

import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * CLIPScore-style filter on {@code scores.alignment} (cosine of the sample and its final caption under
 * the current model): reject below {@code minScore}, and/or keep only the best {@code topFraction} of the
 * round (global). Ties are broken by id so the result is deterministic.
 */
public final class AlignmentFilter implements CaptionFilter {
    /**
     * @param minScore    reject below this cosine (null: no threshold)
     * @param topFraction keep this fraction of the round's live items, best first (null: all)
     */
    public record Config(Double minScore, Double topFraction) {
        Config validate() throws ConfigException {
            if (minScore == null && topFraction == null) {
                throw new ConfigException("filter alignment: set minScore and/or topFraction");
            }
            if (topFraction != null && !(topFraction > 0 && topFraction <= 1)) {
                throw new ConfigException("filter alignment: topFraction must be in (0, 1], got " + topFraction);
            }
            return this;
        }
    }

    private final Config config;

    AlignmentFilter(Config config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "alignment";
    }

    @Override
    public boolean global() {
        return config.topFraction() != null;
    }

    @Override
    public void apply(List<EngineItem> items, EngineContext ctx) {
        List<EngineItem> live = new ArrayList<>();
        for (EngineItem i : items) {
            if (!i.alive()) {
                continue;
            }
            double s = i.scores().getOrDefault("alignment", Double.NaN);
            if (config.minScore() != null && !(s >= config.minScore())) {
                i.reject(id(), String.format("score %.4f < %.4f", s, config.minScore()));
            } else {
                live.add(i);
            }
        }
        if (config.topFraction() != null && !live.isEmpty()) {
            live.sort(Comparator.comparingDouble((EngineItem i) -> -i.scores().get("alignment"))
                    .thenComparing(EngineItem::id));
            int keep = (int) Math.ceil(config.topFraction() * live.size());
            double cut = live.get(keep - 1).scores().get("alignment");
            for (EngineItem i : live.subList(keep, live.size())) {
                i.reject(id(), String.format("score %.4f below the top %.0f%% cut %.4f",
                        i.scores().get("alignment"), config.topFraction() * 100, cut));
            }
        }
    }
}
