package dev.listkit.core.engine.filter;

import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.lexicon.CaptionWords;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Global filter {@code dedupe}: groups near-duplicate captions of the round and keeps at most
 * {@code maxPerCaption} items per group, the best-scored ones.
 *
 * <p>Captions are compared as sets of normalised words ({@link CaptionWords#words}); two are near-duplicates
 * when their Jaccard similarity is at least {@code threshold}. Items are visited best score first; each one
 * joins the most similar existing group (compared with the group's first, best item) or founds a new group.
 * Candidate groups are found with prefix filtering (words ordered rarest first; two sets with Jaccard
 * ≥ t must share one of the first {@code |x| - ceil(t·|x|) + 1} words of each), so a round of n captions
 * costs close to O(n) set comparisons instead of O(n²).
 */
public final class DedupeFilter implements CaptionFilter {
    private final DedupeConfig config;

    public DedupeFilter(DedupeConfig config) {
        this.config = config;
    }

    @Override
    public String id() {
        return "dedupe";
    }

    @Override
    public boolean global() {
        return true;
    }

    @Override
    public void apply(List<EngineItem> items, EngineContext ctx) {
        List<EngineItem> order = FilterConfigs.liveByScore(items, config.scoreKey());
        List<Set<String>> sets = new ArrayList<>(order.size());
        Map<String, Integer> frequency = new HashMap<>();
        for (EngineItem it : order) {
            Set<String> s = new LinkedHashSet<>(CaptionWords.words(it.caption() == null ? "" : it.caption()));
            sets.add(s);
            for (String w : s) {
                frequency.merge(w, 1, Integer::sum);
            }
        }
        List<Group> groups = new ArrayList<>();
        Map<String, List<Group>> index = new HashMap<>(); // prefix word -> groups whose representative has it
        for (int i = 0; i < order.size(); i++) {
            EngineItem it = order.get(i);
            Set<String> s = sets.get(i);
            List<String> prefix = prefix(s, frequency);
            Group best = null;
            double bestSim = -1;
            Set<Group> probed = new HashSet<>();
            for (String w : prefix) {
                for (Group g : index.getOrDefault(w, List.of())) {
                    if (probed.add(g)) {
                        double sim = jaccard(s, g.words);
                        if (sim >= config.threshold() && sim > bestSim) {
                            best = g;
                            bestSim = sim;
                        }
                    }
                }
            }
            if (best == null) {
                Group g = new Group(groups.size(), it.id(), s);
                groups.add(g);
                g.kept = 1;
                for (String w : prefix) {
                    index.computeIfAbsent(w, k -> new ArrayList<>()).add(g);
                }
            } else if (best.kept < config.maxPerCaption()) {
                best.kept++;
            } else {
                it.reject(id(), String.format(Locale.ROOT,
                        "near-duplicate of %s (Jaccard %.2f >= %.2f); its group already keeps %d", best.firstId,
                        bestSim, config.threshold(), best.kept));
            }
        }
    }

    /** Words of {@code s}, rarest first (ties alphabetical), cut to the prefix that Jaccard ≥ t requires. */
    private List<String> prefix(Set<String> s, Map<String, Integer> frequency) {
        List<String> sorted = new ArrayList<>(s);
        sorted.sort((a, b) -> {
            int c = Integer.compare(frequency.get(a), frequency.get(b));
            return c != 0 ? c : a.compareTo(b);
        });
        if (sorted.isEmpty()) {
            return List.of(""); // every empty caption lands in one group
        }
        int keep = sorted.size() - (int) Math.ceil(config.threshold() * sorted.size() - 1e-9) + 1;
        return sorted.subList(0, Math.min(sorted.size(), Math.max(1, keep)));
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() && b.isEmpty()) {
            return 1;
        }
        int inter = 0;
        for (String w : a) {
            if (b.contains(w)) {
                inter++;
            }
        }
        return inter / (double) (a.size() + b.size() - inter);
    }

    private static final class Group {
        final int number;
        final String firstId;
        final Set<String> words;
        int kept;

        Group(int number, String firstId, Set<String> words) {
            this.number = number;
            this.firstId = firstId;
            this.words = words;
        }

        @Override
        public int hashCode() {
            return number;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Group g && g.number == number;
        }
    }
}
