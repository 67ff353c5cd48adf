package dev.listkit.core.engine.filter;

import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.Words;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * CLIPScore-style filter on a score ({@code scores.alignment} by default: cosine of the sample and its final
 * caption under the scoring model): reject below {@code minScore}; keep the best {@code perConceptTopK} of
 * each concept (UPL's per-class top-k: the main concept of the caption, {@link Words#mainConcept}, so that
 * frequent concepts do not crowd out rare ones); and/or keep the best {@code topFraction} of what is left
 * (global). Ties are broken by id so the result is deterministic.
 */
public final class AlignmentFilter implements CaptionFilter {
    /**
     * @param minScore       reject below this score (null: no threshold)
     * @param topFraction    keep this fraction of the round's live items, best first (null: all)
     * @param perConceptTopK keep at most this many items per main concept, best first (null: no cap)
     * @param scoreKey       the score read (default {@code alignment}; e.g. {@code tagger} for the tagger's
     *                       confidence in a tag caption)
     */
    public record Config(Double minScore, Double topFraction, Integer perConceptTopK, String scoreKey) {
        public Config {
            scoreKey = scoreKey == null ? "alignment" : scoreKey;
        }

        Config validate() throws ConfigException {
            if (minScore == null && topFraction == null && perConceptTopK == null) {
                throw new ConfigException("filter alignment: set minScore, topFraction and/or perConceptTopK");
            }
            if (topFraction != null && !(topFraction > 0 && topFraction <= 1)) {
                throw new ConfigException("filter alignment: topFraction must be in (0, 1], got " + topFraction);
            }
            if (perConceptTopK != null && perConceptTopK < 1) {
                throw new ConfigException("filter alignment: perConceptTopK must be >= 1, got " + perConceptTopK);
            }
            if (scoreKey.isBlank()) {
                throw new ConfigException("filter alignment: scoreKey must not be blank");
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
        return config.topFraction() != null || config.perConceptTopK() != null;
    }

    @Override
    public void apply(List<EngineItem> items, EngineContext ctx) {
        String key = config.scoreKey();
        List<EngineItem> live = new ArrayList<>();
        for (EngineItem i : items) {
            if (!i.alive()) {
                continue;
            }
            double s = score(i);
            if (config.minScore() != null && !(s >= config.minScore())) {
                i.reject(id(), String.format("%s %.4f < %.4f", key, s, config.minScore()));
            } else {
                live.add(i);
            }
        }
        Comparator<EngineItem> best = Comparator.comparingDouble((EngineItem i) -> -score(i))
                .thenComparing(EngineItem::id);
        if (config.perConceptTopK() != null) {
            Set<String> medium = ctx.mediumWords();
            Map<String, List<EngineItem>> byConcept = new TreeMap<>();
            for (EngineItem i : live) {
                String c = Words.mainConcept(i.caption(), i.candidates(), medium);
                byConcept.computeIfAbsent(c == null ? "" : c, k -> new ArrayList<>()).add(i);
            }
            int k = config.perConceptTopK();
            byConcept.forEach((concept, group) -> {
                group.sort(best);
                for (EngineItem i : group.subList(Math.min(k, group.size()), group.size())) {
                    i.reject(id(), String.format("%s %.4f: not among the best %d of concept '%s' (%d items)", key,
                            score(i), k, concept, group.size()));
                }
            });
            live.removeIf(i -> !i.alive());
        }
        if (config.topFraction() != null && !live.isEmpty()) {
            live.sort(best);
            int keep = (int) Math.ceil(config.topFraction() * live.size());
            double cut = score(live.get(keep - 1));
            for (EngineItem i : live.subList(keep, live.size())) {
                i.reject(id(), String.format("%s %.4f below the top %.0f%% cut %.4f", key, score(i),
                        config.topFraction() * 100, cut));
            }
        }
    }

    /** The item's score; a missing one ranks last. */
    private double score(EngineItem i) {
        Double s = i.scores().get(config.scoreKey());
        return s == null || s.isNaN() ? Double.NEGATIVE_INFINITY : s;
    }
}
