package dev.listkit.core.engine.filter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.listkit.core.ConfigException;
import dev.listkit.core.engine.CaptionFilter;
import dev.listkit.core.engine.EngineContext;
import dev.listkit.core.engine.EngineItem;
import dev.listkit.core.engine.EngineTestData;
import dev.listkit.core.lexicon.CaptionWords;
import dev.listkit.core.util.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DedupeFilterTest {
    private static final EngineContext CTX = EngineTestData.context(Path.of("."), Map.of(), 1);

    @Test
    void keepsTheBestScoredOfEachNearDuplicateGroup() throws Exception {
        CaptionFilter f = new DedupeFilterProvider().create(Json.parse("{\"threshold\": 0.8}"));
        List<EngineItem> items = List.of(
                EngineTestData.item("a", "A black dog runs across the grass .", 0.21),
                EngineTestData.item("b", "a black dog runs across the grass", 0.35),      // same words: group of b
                EngineTestData.item("c", "The black dog runs across the grass!", 0.30),   // 6/7 = 0.86 ≥ 0.8
                EngineTestData.item("d", "A child in a pink dress is climbing up a set of stairs .", 0.25),
                EngineTestData.item("e", "A brown dog is running through the grass .", 0.40)); // 4/10 with b
        f.apply(items, CTX);
        assertTrue(items.get(1).alive() && items.get(3).alive() && items.get(4).alive());
        assertEquals("dedupe: near-duplicate of b (Jaccard 1.00 >= 0.80); its group already keeps 1",
                items.get(0).reason());
        assertTrue(items.get(2).reason().startsWith("dedupe: near-duplicate of b (Jaccard 0.86"), items.get(2).reason());
    }

    @Test
    void maxPerCaptionKeepsSeveralAndUnscoredComeLast() throws Exception {
        CaptionFilter f = new DedupeFilterProvider().create(Json.parse("{\"maxPerCaption\": 2}"));
        List<EngineItem> items = new ArrayList<>(List.of(
                EngineTestData.item("u", "two dogs play in the snow", null),
                EngineTestData.item("s1", "two dogs play in the snow .", 0.1),
                EngineTestData.item("s2", "Two dogs play in the snow", 0.2)));
        items.get(1).skip("decode failed"); // skipped items are not considered
        f.apply(items, CTX);
        assertTrue(items.get(0).alive() && items.get(2).alive());
        items.add(EngineTestData.item("s3", "two dogs play in the snow", 0.05));
        f.apply(items, CTX);
        // s2 (0.2) and s3 (0.05) are scored, u has no score: u is the one dropped.
        assertTrue(items.get(0).reason().startsWith("dedupe: near-duplicate of s2"), items.get(0).reason());
        assertTrue(items.get(3).alive());
    }

    @Test
    void prefixFilteringFindsTheSameGroupsAsAllPairs() throws Exception {
        // Real captions plus perturbed copies (one word dropped or swapped): many true near-duplicates.
        List<String> base = EngineTestData.flickrCaptions(400);
        Random rnd = new Random(7);
        List<String> captions = new ArrayList<>(base);
        for (int i = 0; i < 300; i++) {
            List<String> w = new ArrayList<>(CaptionWords.words(base.get(rnd.nextInt(base.size()))));
            if (rnd.nextBoolean() && w.size() > 3) {
                w.remove(rnd.nextInt(w.size()));
            } else {
                w.set(rnd.nextInt(w.size()), "zebra");
            }
            captions.add(String.join(" ", w));
        }
        for (double threshold : new double[] {0.5, 0.7, 0.85, 1.0}) {
            List<EngineItem> items = new ArrayList<>();
            for (int i = 0; i < captions.size(); i++) {
                items.add(EngineTestData.item("i" + i, captions.get(i), rnd.nextDouble()));
            }
            new DedupeFilter(DedupeConfig.from(Json.parse("{\"threshold\": " + threshold + "}"))).apply(items, CTX);
            Set<String> expected = bruteForceKept(items, threshold);
            Set<String> actual = new LinkedHashSet<>();
            for (EngineItem it : items) {
                if (it.alive()) {
                    actual.add(it.id());
                }
            }
            assertEquals(expected, actual, "threshold " + threshold);
            assertTrue(actual.size() < captions.size(), "threshold " + threshold + " removed nothing");
        }
    }

    /** The same greedy grouping, comparing every item with every group. */
    private static Set<String> bruteForceKept(List<EngineItem> items, double threshold) {
        List<EngineItem> order = FilterConfigs.liveByScore(items, "alignment");
        for (EngineItem it : items) {
            if (!it.alive()) {
                order.add(it); // the filter rejected it: visit it too (brute force sees the input state)
            }
        }
        order.sort((x, y) -> Double.compare(y.scores().get("alignment"), x.scores().get("alignment")));
        List<Set<String>> reps = new ArrayList<>();
        Set<String> kept = new LinkedHashSet<>();
        for (EngineItem it : order) {
            Set<String> s = new LinkedHashSet<>(CaptionWords.words(it.caption()));
            boolean dup = false;
            for (Set<String> r : reps) {
                if (DedupeFilter.jaccard(s, r) >= threshold) {
                    dup = true;
                    break;
                }
            }
            if (!dup) {
                reps.add(s);
                kept.add(it.id());
            }
        }
        Set<String> inInputOrder = new LinkedHashSet<>();
        for (EngineItem it : items) {
            if (kept.contains(it.id())) {
                inInputOrder.add(it.id());
            }
        }
        return inInputOrder;
    }

    @Test
    void configErrorsNameTheKey() {
        ConfigException unknown = assertThrows(ConfigException.class,
                () -> DedupeConfig.from(Json.parse("{\"treshold\": 0.9}")));
        assertTrue(unknown.getMessage().contains("unknown key 'treshold'"), unknown.getMessage());
        ConfigException range = assertThrows(ConfigException.class,
                () -> DedupeConfig.from(Json.parse("{\"threshold\": 1.5}")));
        assertTrue(range.getMessage().contains("threshold must be in (0, 1]"), range.getMessage());
        ConfigException max = assertThrows(ConfigException.class,
                () -> DedupeConfig.from(Json.parse("{\"maxPerCaption\": 0}")));
        assertTrue(max.getMessage().contains("maxPerCaption"), max.getMessage());
    }
}
